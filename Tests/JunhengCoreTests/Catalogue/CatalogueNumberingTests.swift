import JunhengCore
import Testing

@Suite struct CatalogueNumberingTests {
    func item(_ key: String) -> CatalogueItem { CatalogueItem(key: key, domain: "教育", name: "项目 \(key)") }

    @Test func versionsCountUpFromOne() {
        #expect(CatalogueNumbering.versionNumber(after: nil) == 1)
        #expect(CatalogueNumbering.versionNumber(after: 3) == 4)
    }

    @Test func itemsWithoutKeysAreNumberedInOrder() {
        let keyed = CatalogueNumbering.assigningKeys(to: [item(""), item(""), item("")])
        #expect(keyed.map(\.key) == ["I001", "I002", "I003"])
    }

    @Test func givenAndTakenKeysAreNotHandedOutAgain() {
        let keyed = CatalogueNumbering.assigningKeys(to: [item(""), item("I002"), item("")], taken: ["I001"])
        #expect(keyed.map(\.key) == ["I003", "I002", "I004"])
    }
}
