import ArgumentParser
import Foundation
import JunhengApp
import JunhengCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension CommandTests {
    @Suite("junheng migrate, regions and user")
    struct RegionAndUserCommandTests {
        @Test func migrateCreatesTheSchemaAndLoadsTheRegionRegistryOnce() async throws {
            try await CommandDatabase.with { db in
                try await junheng(["migrate"] + db.option)
                let first = try await db.app { try await $0.regions.count() }
                try await junheng(["migrate"] + db.option)
                let second = try await db.app { try await $0.regions.count() }
                #expect(first > 3000)
                #expect(second == first)
                #expect(try await db.app { try await $0.regions.region(RegionCode(rawValue: "130500")!).name } == "邢台市")
            }
        }

        @Test func regionsAddAndMoveChangeTheTreeFromTheEffectiveDateOn() async throws {
            try await CommandDatabase.with { db in
                try await junheng(["regions", "add", "--code", "130522100", "--name", "临城镇", "--parent", "130522"] + db.option)
                try await junheng(["regions", "move", "130522100", "--parent", "130523", "--effective", "2024-01-01"] + db.option)
                try await db.app { app async throws in
                    let town = RegionCode(rawValue: "130522100")!
                    #expect(try await app.regions.region(town).name == "临城镇")
                    #expect(try await app.regions.ancestors(of: town, asOf: "2023-12-31").first?.code.rawValue == "130522")
                    #expect(try await app.regions.ancestors(of: town, asOf: "2024-01-01").first?.code.rawValue == "130523")
                }
            }
        }

        @Test func regionsRejectsAMalformedCodeBeforeOpeningTheDatabase() async throws {
            try await CommandDatabase.with { db in
                let error = await #expect(throws: ValidationError.self) {
                    try await junheng(["regions", "show", "13052"] + db.option)
                }
                #expect(error?.message == "'13052' is not a region code (6, 9 or 12 digits)")
                #expect(!FileManager.default.fileExists(atPath: db.path))
            }
        }

        @Test func regionGroupSetsAreCreatedAndAssigned() async throws {
            try await CommandDatabase.with { db in
                try await junheng(["regions", "create-group-set", "--code", "urban-rural", "--name", "城乡", "--scope", "130500",
                                   "--group", "urban:城镇", "--group", "rural:农村"] + db.option)
                try await junheng(["regions", "assign", "urban-rural", "130522", "rural"] + db.option)
                let members = try await db.app { try await $0.regions.members(ofSet: "urban-rural") }
                #expect(members.map(\.regionCode.rawValue) == ["130522"])
                #expect(members.map(\.groupCode) == ["rural"])
            }
        }

        /// `user add` and `user passwd` read the password from $JUNHENG_PASSWORD (standard input
        /// cannot be fed to a command run in-process).
        @Test func userAddPasswdTokenAndDeactivateManageOneAccount() async throws {
            try await CommandDatabase.with { db in
                defer { unsetenv("JUNHENG_PASSWORD") }
                setenv("JUNHENG_PASSWORD", "first-password", 1)
                try await junheng(["user", "add", "--username", "reporter", "--role", "region_reporter", "--region", "130522",
                                   "--display-name", "临城县填报员"] + db.option)
                setenv("JUNHENG_PASSWORD", "second-password", 1)
                try await junheng(["user", "passwd", "reporter"] + db.option)
                let output = try await standardOutput { try await junheng(["user", "token", "reporter", "--name", "ci"] + db.option) }
                let token = try #require(output.split(separator: "\n").last.map(String.init))
                #expect(token.hasPrefix("jh_"))

                try await db.app { app async throws in
                    let user = try await app.accounts.verifyLogin(username: "reporter", password: "second-password", address: "test")
                    #expect(user.role == .regionReporter)
                    #expect(user.regionCode?.rawValue == "130522")
                    #expect(user.displayName == "临城县填报员")
                    await #expect(throws: JunhengError.unauthorized("用户名或密码错误")) {
                        try await app.accounts.verifyLogin(username: "reporter", password: "first-password", address: "test")
                    }
                    #expect(try await app.accounts.user(bearerToken: token)?.id == user.id)
                }

                try await junheng(["user", "deactivate", "reporter"] + db.option)
                try await db.app { app async throws in
                    #expect(try await app.accounts.users(actor: .system("test")).map(\.active) == [false])
                    #expect(try await app.accounts.user(bearerToken: token) == nil)
                    await #expect(throws: JunhengError.unauthorized("用户名或密码错误")) {
                        try await app.accounts.verifyLogin(username: "reporter", password: "second-password", address: "test")
                    }
                }
                await #expect(throws: JunhengError.notFound("用户 nobody")) {
                    try await junheng(["user", "passwd", "nobody"] + db.option)
                }
            }
        }
    }
}
