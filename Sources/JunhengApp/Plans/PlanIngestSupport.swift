import PlanIngest
import Storage

/// Connects the plan ingester to the region registry shipped with Junheng, so that a plan's
/// issuing region resolves to a GB/T 2260 code.
public enum PlanIngestSupport {
    public static let regionTable: RegionTable = {
        let rows = (try? RegionRegistry.bundled()) ?? []
        return RegionTable(rows: rows.map {
            RegionTable.Row(code: $0.code.rawValue, name: $0.name, level: $0.level.rawValue, parentCode: $0.parentCode?.rawValue)
        })
    }()
}
