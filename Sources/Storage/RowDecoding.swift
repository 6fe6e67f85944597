import SQLKit

extension SQLSelectBuilder {
    /// Selects snake_case columns under their Swift property names (`report_id AS "reportID"`), so
    /// that rows decode straight into public records whose names end in `ID`.
    @discardableResult
    func propertyColumns(_ names: [String]) -> Self {
        for name in names {
            let words = name.split(separator: "_")
            let property = words.enumerated().map { index, word in
                index == 0 ? String(word) : word == "id" ? "ID" : word.prefix(1).uppercased() + word.dropFirst()
            }.joined()
            column(SQLColumn(name), as: property)
        }
        return self
    }
}
