/// The words of the maps: the boundaries page and the maps on other pages (merged into
/// ``UIStrings/table``).
enum MapStrings {
    /// The `map.*` strings without their prefix, for templates (`{{words.import}}`).
    static func words(_ language: Language) -> [String: String] { UIStrings.words(of: table, prefix: "map.", in: language) }

    static let table: [String: (zh: String, en: String)] = [
        "maps": ("地图边界", "Map boundaries"),
        "map.title": ("行政区划边界", "Region boundaries"),
        "map.intro": ("地图用这里导入的边界绘制：指标页和均等化分析页按下级地区着色。公开发布的地图须使用经审定的边界并标注审图号。",
                      "Maps are drawn from the boundaries imported here: the indicator and equalization pages colour the lower-level regions. A map published in China must use approved boundaries and show their map approval number."),
        "map.stored": ("已导入的边界", "Stored boundaries"),
        "map.none": ("尚未导入任何边界。", "No boundaries imported yet."),
        "map.region": ("地区", "Region"),
        "map.source": ("来源", "Source"),
        "map.vintage": ("年份（版本）", "Vintage"),
        "map.approvalNumber": ("审图号", "Map approval number"),
        "map.system": ("原坐标系", "Datum of the file"),
        "map.points": ("坐标点数", "Points"),
        "map.importedAt": ("导入时间", "Imported"),
        "map.import": ("导入边界", "Import boundaries"),
        "map.importHelp": ("GeoJSON 文件（FeatureCollection），每个要素一个地区，面或多面，区划代码放在一个属性里。同一地区再次导入会替换原有边界；文件中任何一处有误则整份不导入。",
                           "A GeoJSON file (FeatureCollection), one feature per region, Polygon or MultiPolygon, the region code in a property. Importing a region again replaces its boundary; a file with any error is not imported at all."),
        "map.file": ("GeoJSON 文件", "GeoJSON file"),
        "map.codeProperty": ("区划代码属性名", "Property with the region code"),
        "map.nameProperty": ("名称属性名（可选）", "Property with the name (optional)"),
        "map.importButton": ("导入", "Import"),
        "map.imported": ("已导入 {count} 个地区的边界（替换 {replaced} 个），共 {points} 个坐标点。", "Imported the boundaries of {count} regions ({replaced} replaced), {points} points."),
        "map.wgs84": ("WGS84（GPS、国际通用）", "WGS84 (GPS, international)"),
        "map.gcj02": ("GCJ-02（高德、腾讯等国内地图）", "GCJ-02 (Chinese web maps: Amap, Tencent)"),
        "map.childrenMap": ("各下级地区{indicator}（{year}年）", "{indicator} by lower-level region ({year})"),
        "map.missingShapes": ("{count} 个下级地区没有边界，未画出", "{count} lower-level regions have no boundary and are not drawn"),
        "map.sourceNote": ("边界：{source}", "Boundaries: {source}"),
    ]
}
