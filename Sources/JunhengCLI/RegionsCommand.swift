import ArgumentParser
import Foundation
import JunhengApp
import JunhengCore
import Storage

struct Regions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions",
        abstract: "Browse and maintain the region registry (GB/T 2260 plus local townships) and region groups.",
        subcommands: [Show.self, Children.self, Ancestors.self, Search.self, Add.self, Move.self,
                      Groups.self, CreateGroupSet.self, Assign.self])

    struct Output: ParsableArguments {
        @Flag(help: "Print JSON instead of a table.") var json = false
        @Option(help: ArgumentHelp("Read the tree as of this date (yyyy-MM-dd).", valueName: "date")) var asOf: String?

        var date: String { asOf ?? Timestamp.today() }

        func print(_ regions: [Region]) throws {
            if json { return try printJSON(regions) }
            for region in regions {
                Swift.print("\(region.code.rawValue)\t\(region.name)\t\(region.level.chineseName)")
            }
        }
    }

    static func code(_ text: String) throws -> RegionCode {
        guard let code = RegionCode(rawValue: text) else {
            throw ValidationError("'\(text)' is not a region code (6, 9 or 12 digits)")
        }
        return code
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one region with its parent.")
        @Argument(help: "Region code, e.g. 130500.") var code: String
        @OptionGroup var output: Output
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let code = try Regions.code(code)
            try await withApp(databaseOptions) { app in
                try output.print([try await app.regions.region(code, asOf: output.date)])
            }
        }
    }

    struct Children: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the direct children of a region, e.g. `junheng regions children 130500`.")
        @Argument(help: "Parent region code.") var code: String
        @OptionGroup var output: Output
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let code = try Regions.code(code)
            try await withApp(databaseOptions) { app in
                try output.print(try await app.regions.children(of: code, asOf: output.date))
            }
        }
    }

    struct Ancestors: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a region's ancestors, nearest first.")
        @Argument(help: "Region code.") var code: String
        @OptionGroup var output: Output
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let code = try Regions.code(code)
            try await withApp(databaseOptions) { app in
                try output.print(try await app.regions.ancestors(of: code, asOf: output.date))
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find regions by name fragment or code prefix, e.g. `junheng regions search 邢台`.")
        @Argument(help: "Name fragment or code prefix.") var text: String
        @Option(help: "Only this level: province, prefecture, county or township.") var level: RegionLevel?
        @Option(help: "At most this many results.") var limit = 50
        @OptionGroup var output: Output
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await withApp(databaseOptions) { app in
                try output.print(try await app.regions.search(text, level: level, limit: limit))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a region (normally a township under a county).",
            discussion: "Example: junheng regions add --code 130522100 --name 临城镇 --parent 130522")
        @Option(help: "New code: 9 or 12 digits starting with the county code for townships.") var code: String
        @Option(help: "Name in Chinese.") var name: String
        @Option(help: "Parent region code.") var parent: String
        @Option(help: "Level: township (default), county, prefecture or province.") var level: RegionLevel = .township
        @Option(help: ArgumentHelp("Valid from this date (yyyy-MM-dd); default: always.", valueName: "date")) var validFrom: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let code = try Regions.code(code)
            let parent = try Regions.code(parent)
            let region = try await withApp(databaseOptions) { app in
                try await app.regions.addRegion(code: code, name: name, level: level, parent: parent,
                                                validFrom: validFrom, actor: .system("regions add"))
            }
            if json { try printJSON(region) } else { print("added \(region.code.rawValue) \(region.name)") }
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a region under a new parent from a date on (区划调整); earlier dates keep the old tree.")
        @Argument(help: "Region code to move.") var code: String
        @Option(help: "New parent code.") var parent: String
        @Option(help: ArgumentHelp("First day under the new parent (yyyy-MM-dd).", valueName: "date")) var effective: String

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let code = try Regions.code(code)
            let parent = try Regions.code(parent)
            let moved = try await withApp(databaseOptions) { app in
                try await app.regions.move(code, to: parent, effective: effective, actor: .system("regions move"))
            }
            print("moved \(moved.code.rawValue) \(moved.name) under \(parent.rawValue) from \(effective)")
        }
    }

    struct Groups: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List region group sets, or one set's members with --set.")
        @Option(help: "Show the members of this group set.") var set: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await withApp(databaseOptions) { app in
                if let set {
                    let members = try await app.regions.members(ofSet: set)
                    if json { return try printJSON(members) }
                    for member in members { print("\(member.regionCode.rawValue)\t\(member.regionName)\t\(member.groupCode)") }
                } else {
                    let sets = try await app.regions.groupSets()
                    if json { return try printJSON(sets) }
                    for set in sets {
                        print("\(set.code)\t\(set.name)\t" + set.groups.map { "\($0.code)=\($0.name)" }.joined(separator: " "))
                    }
                }
            }
        }
    }

    struct CreateGroupSet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-group-set",
            abstract: "Create an exclusive grouping of regions, e.g. urban/rural or poverty counties.",
            discussion: "Example: junheng regions create-group-set --code urban-rural --name 城乡 --group urban:城镇 --group rural:农村")
        @Option(help: "Code of the set.") var code: String
        @Option(help: "Name of the set.") var name: String
        @Option(help: "Region whose subtree the set is meant for (optional).") var scope: String?
        @Option(help: ArgumentHelp("A group as code:name; repeat for each group.", valueName: "code:name")) var group: [String]

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let groups = try group.map { text -> RegionGroup in
                let parts = text.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { throw ValidationError("--group expects code:name, got '\(text)'") }
                return RegionGroup(code: String(parts[0]), name: String(parts[1]))
            }
            let scopeCode = try scope.map(Regions.code)
            _ = try await withApp(databaseOptions) { app in
                try await app.regions.createGroupSet(RegionGroupSet(code: code, name: name, scopeRegionCode: scopeCode, groups: groups),
                                                     actor: .system("regions create-group-set"))
            }
            print("created group set \(code) with \(groups.count) groups")
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a region into a group of a set (replacing its previous group in that set).",
            discussion: "Example: junheng regions assign urban-rural 130522 rural")
        @Argument(help: "Group set code.") var set: String
        @Argument(help: "Region code.") var region: String
        @Argument(help: "Group code.") var group: String
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let code = try Regions.code(region)
            try await withApp(databaseOptions) { app in
                try await app.regions.assign(code, toGroup: group, inSet: set, actor: .system("regions assign"))
            }
            print("\(region) → \(set)/\(group)")
        }
    }
}

extension RegionLevel: ExpressibleByArgument {}
