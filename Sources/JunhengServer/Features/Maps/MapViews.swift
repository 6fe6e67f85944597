import Charts
import Geography
import JunhengApp

/// The choropleths other pages show: lower-level regions coloured by a value, drawn by
/// ``ChoroplethMap`` over the stored boundaries.
enum MapViews {
    /// A map of `shapes` coloured by `values` (region code → value; a region without one is drawn
    /// hatched as 无数据), in natural breaks; nil when none of the regions has a boundary. The
    /// legend counts the regions of every class and those without data; the note says which
    /// regions could not be drawn and where the boundaries come from.
    static func choropleth(title: String, unit: String, shapes: MapShapes, values: [String: Double], note: String?,
                           language: Language, idPrefix: String, method: ClassificationMethod = .naturalBreaks,
                           layers: [MapPointLayer] = []) throws -> String? {
        guard !shapes.boundaries.isEmpty else { return nil }
        let regions = shapes.boundaries.map { boundary in
            ChoroplethRegion(code: boundary.code, name: boundary.name ?? boundary.code, polygons: boundary.polygons,
                             value: values[boundary.code])
        }
        var notes = [note].compactMap { $0 }
        if !shapes.isComplete {
            notes.append(language.fill("map.missingShapes", ["count": "\(shapes.requested - shapes.boundaries.count)"]))
        }
        if !shapes.sources.isEmpty {
            notes.append(language.fill("map.sourceNote", ["source": shapes.sources.joined(separator: language.punctuation.listSeparator)]))
        }
        let distinct = Set(regions.compactMap(\.value)).count
        return try ChoroplethMap(title: title, unit: unit, regions: regions, method: method,
                                 classes: max(1, min(5, distinct)), note: notes.isEmpty ? nil : notes.joined(separator: language == .chinese ? "；" : "; "),
                                 language: language.chart, idPrefix: idPrefix, layers: layers).svg(width: MapShapes.defaultWidth)
    }

    /// The children's composite equalization index (entropy-weighted TOPSIS closeness, 0–1,
    /// higher is better) of `overview`'s year as a map; hatched everywhere, with the reason, when
    /// the year's data give no index.
    static func compositeMap(_ overview: EqualizationAnalysis.Overview, shapes: MapShapes, language: Language,
                             idPrefix: String) throws -> String? {
        let closeness = zip(overview.composite?.regions ?? [], overview.composite?.closeness ?? [])
            .compactMap { code, value in value.map { (code, $0) } }
        return try choropleth(title: language.format("compositeChartTitle", overview.year), unit: "", shapes: shapes,
                              values: Dictionary(closeness, uniquingKeysWith: { first, _ in first }),
                              note: overview.composite == nil ? language.text("compositeIncomplete") : nil,
                              language: language, idPrefix: idPrefix)
    }
}
