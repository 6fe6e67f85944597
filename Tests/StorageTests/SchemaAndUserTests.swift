import Foundation
import JunhengCore
import JunhengTestSupport
import SQLKit
import Storage
import Testing

private let tester = AuditActor(userID: nil, username: "tester")

@Suite struct MigrationTests {
    @Test(arguments: TestEngine.all)
    func migratingTwiceChangesNothing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let again = try await Migrator(database: database, logger: TestDatabase.logger).migrate()
            #expect(again.applied.isEmpty)
            let versions = try await database.sql.raw("SELECT version FROM schema_migrations ORDER BY version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
            #expect(versions == Array(1...Migrator.latestVersion))
        }
    }

    /// Two server processes started together on an empty database: each migration is applied
    /// once, by one of them, and both start. PostgreSQL only: SQLite serves one process (two pools
    /// in one test process would also share SQLite's few blocking threads).
    @Test(arguments: TestEngine.all.filter { $0 == .postgres })
    func twoProcessesMigratingAtOnceApplyEachMigrationOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .empty) { (database) async throws -> Void in
            try await TestDatabase.withSecondProcess(on: database) { other in
                let reports = try await withThrowingTaskGroup(of: MigrationReport.self) { group in
                    for handle in [database, other] {
                        group.addTask { try await Migrator(database: handle, logger: TestDatabase.logger).migrate() }
                    }
                    var reports: [MigrationReport] = []
                    for try await report in group { reports.append(report) }
                    return reports
                }
                #expect(reports.map(\.applied.count).reduce(0, +) == Migrator.latestVersion)
                let versions = try await database.sql.raw("SELECT version FROM schema_migrations ORDER BY version").all()
                    .map { try $0.decode(column: "version", as: Int.self) }
                #expect(versions == Array(1...Migrator.latestVersion))
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func refusesADatabaseFromANewerVersion(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            try await database.sql.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', '2030-01-01')").run()
            await #expect(throws: SchemaTooNew.self) {
                try await Migrator(database: database, logger: TestDatabase.logger).migrate()
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func foreignKeysAreEnforced(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("""
                    INSERT INTO region_links (child_code, parent_code) VALUES ('999999', '130500')
                    """).run()
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func theWholeModelHasItsTables(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            for table in ["regions", "region_links", "region_group_sets", "region_groups", "region_group_members",
                          "plans", "domains", "catalogue_versions", "service_items", "service_standards", "funding_splits",
                          "indicators", "targets", "observations", "submissions", "departments", "tasks", "task_departments",
                          "task_milestones", "department_aliases", "task_settings", "reporting_periods", "period_unlocks",
                          "task_reports", "task_report_contributions", "task_report_files", "users", "api_tokens", "sessions", "audit_log", "provenance", "source_documents",
                          "feedback", "feedback_contacts", "feedback_notes", "feedback_posts", "jobs", "login_failures",
                          "region_boundaries", "region_boundary_shapes", "facilities", "population_points", "surveys",
                          "survey_responses"] {
                let rows = try await database.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").all()
                #expect(rows.count == 1, "table \(table)")
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func tablesNothingUsedAreDropped(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            // `feedback` came back with its feature (migration 12), and `surveys` and `survey_responses`
            // with theirs (migration 18), designed anew.
            for table in ["task_progress", "projects"] {
                await #expect(throws: (any Error).self, "table \(table)") {
                    try await database.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").all()
                }
            }
        }
    }
}

@Suite struct DatabaseLocationTests {
    @Test func parsesEveryAcceptedForm() throws {
        #expect(try DatabaseLocation(parsing: "postgres://u:p@h:5432/db") == .postgres(url: "postgres://u:p@h:5432/db"))
        #expect(try DatabaseLocation(parsing: "postgresql://h/db").engine == .postgres)
        #expect(try DatabaseLocation(parsing: "sqlite:///var/lib/junheng.sqlite") == .sqliteFile(path: "/var/lib/junheng.sqlite"))
        #expect(try DatabaseLocation(parsing: "data/x.sqlite") == .sqliteFile(path: "data/x.sqlite"))
        #expect(throws: DatabaseLocation.InvalidLocation.self) { try DatabaseLocation(parsing: "mysql://h/db") }
        #expect(throws: DatabaseLocation.InvalidLocation.self) { try DatabaseLocation(parsing: "  ") }
    }

    @Test func masksThePasswordInLogs() {
        #expect(DatabaseLocation.postgres(url: "postgres://u:secret@h:5432/db").description == "postgres://u:***@h:5432/db")
    }
}

@Suite struct UserStoreTests {
    static func makeUser(_ store: UserStore, _ username: String, role: Role = .regionReporter,
                         region: String? = "130522", department: Int64? = nil) async throws -> UserRecord {
        try await store.create(UserRecord(username: username, displayName: "", role: role,
                                       regionCode: region.flatMap(RegionCode.init(rawValue:)), departmentID: department), passwordHash: "$2b$04$fake",
                               actor: tester)
    }

    @Test(arguments: TestEngine.all)
    func createsUsersAndRejectsDuplicatesAndBadScopes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let store = UserStore(database.sql)
            let user = try await Self.makeUser(store, "linchen")
            #expect(user.displayName == "linchen")
            #expect(user.scope == AccessScope(regionCode: RegionCode(rawValue: "130522")))
            await #expect(throws: JunhengError.conflict("用户名 linchen 已存在")) { try await Self.makeUser(store, "linchen") }
            await expectRefusal(.invalid) { try await Self.makeUser(store, "nowhere", region: "999999") }
            await expectRefusal(.invalid) { try await Self.makeUser(store, "unscoped", role: .planner, region: nil) }
            await expectRefusal(.invalid) { try await Self.makeUser(store, "editor", role: .departmentEditor, region: "130500") }
            #expect(try await AuditLog(database.sql).entries(entity: "user").count == 1)
        }
    }

    @Test(arguments: TestEngine.all)
    func departmentEditorsMustBelongToADepartmentOfTheirRegion(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let education = try await DepartmentStore(database.sql).create(
                regionCode: RegionCode(rawValue: "130500")!, name: "邢台市教育局", actor: tester)
            let store = UserStore(database.sql)
            _ = try await Self.makeUser(store, "edu", role: .departmentEditor, region: "130500", department: education.id)
            await expectRefusal(.invalid) {
                try await Self.makeUser(store, "edu2", role: .departmentEditor, region: "130522", department: education.id)
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func sessionsExpireAndEndWithDeactivation(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let store = UserStore(database.sql)
            let user = try await Self.makeUser(store, "linchen")
            let future = Timestamp.string(from: Date().addingTimeInterval(3600))
            let past = Timestamp.string(from: Date().addingTimeInterval(-1))
            try await store.createSession(tokenHash: "live", userID: user.id, expiresAt: future)
            try await store.createSession(tokenHash: "stale", userID: user.id, expiresAt: past)
            #expect(try await store.user(sessionHash: "live")?.id == user.id)
            #expect(try await store.user(sessionHash: "stale") == nil)
            _ = try await store.setActive(userID: user.id, active: false, actor: tester)
            #expect(try await store.user(sessionHash: "live") == nil)
        }
    }

    @Test(arguments: TestEngine.all)
    func revokedAndExpiredTokensNoLongerAuthenticate(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let store = UserStore(database.sql)
            let user = try await Self.makeUser(store, "linchen")
            let token = try await store.createToken(userID: user.id, name: "ci", tokenHash: "h1", expiresAt: nil, actor: tester)
            _ = try await store.createToken(userID: user.id, name: "old", tokenHash: "h2",
                                            expiresAt: Timestamp.string(from: Date().addingTimeInterval(-60)), actor: tester)
            #expect(try await store.user(tokenHash: "h1")?.username == "linchen")
            #expect(try await store.user(tokenHash: "h2") == nil)
            try await store.revokeToken(id: token.id, userID: user.id, actor: tester)
            #expect(try await store.user(tokenHash: "h1") == nil)
            await expectRefusal(.notFound) { try await store.revokeToken(id: token.id, userID: user.id, actor: tester) }
        }
    }

    @Test(arguments: TestEngine.all)
    func changingAPasswordEndsSessionsAndTokens(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let store = UserStore(database.sql)
            let user = try await Self.makeUser(store, "linchen")
            try await store.createSession(tokenHash: "s", userID: user.id, expiresAt: Timestamp.string(from: Date().addingTimeInterval(3600)))
            _ = try await store.createToken(userID: user.id, name: "t", tokenHash: "t", expiresAt: nil, actor: tester)
            try await store.setPasswordHash(userID: user.id, hash: "$2b$04$new", actor: tester)
            #expect(try await store.user(sessionHash: "s") == nil)
            #expect(try await store.user(tokenHash: "t") == nil)
            #expect(try await store.credentials(username: "linchen")?.passwordHash == "$2b$04$new")
        }
    }

    @Test(arguments: TestEngine.all)
    func theServerSecretIsCreatedOnceAndKept(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let settings = SettingsStore(database.sql)
            let first = try await settings.valueOrInsert("server_secret") { "one" }
            let second = try await settings.valueOrInsert("server_secret") { "two" }
            #expect(first == "one")
            #expect(second == "one")
        }
    }
}
