import Foundation
import JunhengCore
import JunhengTestSupport
import SQLKit
@testable import Storage
import Testing

private let planner = AuditActor(userID: nil, username: "planner")
private func code(_ text: String) -> RegionCode { RegionCode(rawValue: text)! }

/// A reporter and a reviewer, so that approval is by someone other than the submitter.
private func people(_ db: any SQLDatabase) async throws -> (reporter: AuditActor, reviewer: AuditActor) {
    let users = UserStore(db)
    let reporter = try await users.create(UserRecord(username: "linchen", displayName: "", role: .regionReporter,
                                                  regionCode: code("130522"), departmentID: nil), passwordHash: "x", actor: planner)
    let reviewer = try await users.create(UserRecord(username: "reviewer", displayName: "", role: .reviewer,
                                                  regionCode: code("130500"), departmentID: nil), passwordHash: "x", actor: planner)
    return (AuditActor(userID: reporter.id, username: "linchen"), AuditActor(userID: reviewer.id, username: "reviewer"))
}

private func observation(_ indicator: Int64, _ region: String, _ year: Int, _ value: Double, row: Int = 2) -> ValidatedObservation {
    ValidatedObservation(key: ObservationKey(indicatorID: indicator, regionCode: region, year: year, disaggregation: ""),
                         value: value, row: row)
}

@Suite struct MonitoringTests {
    @Test(arguments: TestEngine.all)
    func approvedFiguresAreLockedUntilACorrectionIsApproved(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let db = database.sql
            let (reporter, reviewer) = try await people(db)
            let indicator = try await IndicatorStore(db).create(IndicatorRecord(code: "EDU", name: "巩固率", unit: "%"), actor: planner)
            let store = ObservationStore(db, engine: database.engine)
            let first = try await database.transaction { db in
                try await ObservationStore(db, engine: database.engine).submit(
                    regionCode: code("130522"), source: "a.csv", observations: [observation(indicator.id, "130522", 2020, 90)],
                    warnings: [], actor: reporter)
            }
            #expect(try await store.points(indicatorID: indicator.id, regionCodes: ["130522"]).map(\.status) == ["submitted"])
            // Nobody approves their own figures.
            await expectRefusal(.forbidden) { try await store.approve(first.id, comment: "", actor: reporter) }
            _ = try await store.approve(first.id, comment: "ok", actor: reviewer)
            #expect(try await store.points(indicatorID: indicator.id, regionCodes: ["130522"]).map(\.status) == ["approved"])

            // A correction waits in its submission; the approved figure stands until it is approved.
            let correction = try await store.submit(regionCode: code("130522"), source: "fix.csv",
                                                    observations: [observation(indicator.id, "130522", 2020, 91)],
                                                    warnings: [], actor: reporter)
            #expect(try await store.points(indicatorID: indicator.id, regionCodes: ["130522"]).map(\.value) == [90])
            _ = try await store.approve(correction.id, comment: "更正", actor: reviewer)
            #expect(try await store.points(indicatorID: indicator.id, regionCodes: ["130522"]).map(\.value) == [91])
            let audit = try await AuditLog(db).entries(entity: "submission", entityID: String(correction.id))
            #expect(audit.first?.after?.contains("\"correctedApprovedValues\":1") == true)
            await expectRefusal(.conflict) { try await store.approve(correction.id, comment: "", actor: reviewer) }
        }
    }

    @Test(arguments: TestEngine.all)
    func approvingAtSubmissionReplacesApprovedFiguresAndAuditsBothSteps(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let db = database.sql
            let (reporter, reviewer) = try await people(db)
            let indicator = try await IndicatorStore(db).create(IndicatorRecord(code: "EDU", name: "巩固率", unit: "%"), actor: planner)
            let store = ObservationStore(db, engine: database.engine)
            let first = try await store.submit(regionCode: code("130522"), source: "a.csv",
                                               observations: [observation(indicator.id, "130522", 2020, 90)], warnings: [],
                                               actor: reporter, approval: (comment: "ok", actor: reviewer))
            #expect(first.status == .approved)
            #expect(try await store.points(indicatorID: indicator.id, regionCodes: ["130522"]).map(\.status) == ["approved"])

            // A correction approved at once replaces the approved figure, and counts as a correction.
            let correction = try await store.submit(regionCode: code("130522"), source: "fix.csv",
                                                    observations: [observation(indicator.id, "130522", 2020, 91),
                                                                   observation(indicator.id, "130522", 2021, 92)],
                                                    warnings: [], actor: reporter, approval: (comment: "更正", actor: reviewer))
            let points = try await store.points(indicatorID: indicator.id, regionCodes: ["130522"])
            #expect(points.map(\.value) == [91, 92])
            #expect(points.map(\.status) == ["approved", "approved"])
            let audit = try await AuditLog(db).entries(entity: "submission", entityID: String(correction.id))
            #expect(Set(audit.map(\.action)) == ["submit", "approve"])
            #expect(audit.first?.after?.contains("\"correctedApprovedValues\":1") == true)
            // Nobody approves their own figures, not even at once.
            await expectRefusal(.forbidden) {
                try await store.submit(regionCode: code("130522"), source: "b.csv", observations: [observation(indicator.id, "130522", 2022, 93)],
                                       warnings: [], actor: reporter, approval: (comment: "", actor: reporter))
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func returnedSubmissionsNeedAReasonAndHideTheirFigures(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let db = database.sql
            let (reporter, reviewer) = try await people(db)
            let indicator = try await IndicatorStore(db).create(IndicatorRecord(code: "EDU", name: "巩固率", unit: "%"), actor: planner)
            let store = ObservationStore(db, engine: database.engine)
            let submission = try await store.submit(regionCode: code("130522"), source: "a.csv",
                                                    observations: [observation(indicator.id, "130522", 2020, 60)],
                                                    warnings: [], actor: reporter)
            await expectRefusal(.invalid) { try await store.returnSubmission(submission.id, comment: " ", actor: reviewer) }
            let returned = try await store.returnSubmission(submission.id, comment: "数值偏低，请核实", actor: reviewer)
            #expect(returned.status == .returned)
            #expect(returned.reviewComment == "数值偏低，请核实")
            #expect(try await store.points(indicatorID: indicator.id, regionCodes: ["130522"]).isEmpty)
        }
    }

    @Test(arguments: TestEngine.all)
    func countiesInheritTheCityTargetAndWeakerBindingTargetsAreFlagged(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let db = database.sql
            let indicators = IndicatorStore(db)
            let binding = try await indicators.create(IndicatorRecord(code: "B", name: "巩固率", unit: "%", binding: .binding), actor: planner)
            _ = try await indicators.setTarget(
                TargetRecord(indicatorID: binding.id, regionCode: code("130500"), baselineYear: 2015, baselineValue: 93,
                             targetYear: 2020, targetValue: 96.5),
                actor: planner)
            let inherited = try #require(try await indicators.effectiveTarget(indicator: binding, regionPath: [code("130523"), code("130500"), code("130000")]))
            #expect(inherited.inherited)
            #expect(inherited.target.targetValue == 96.5)
            _ = try await indicators.setTarget(
                TargetRecord(indicatorID: binding.id, regionCode: code("130522"), baselineYear: 2015, baselineValue: 90,
                             targetYear: 2020, targetValue: 95),
                actor: planner)
            let own = try #require(try await indicators.effectiveTarget(indicator: binding, regionPath: [code("130522"), code("130500"), code("130000")]))
            #expect(!own.inherited)
            #expect(own.weakerThanParent?.targetValue == 96.5)
            let warnings = try await Monitoring(db, engine: database.engine).warnings(root: code("130500"), today: "2021-01-01")
            #expect(warnings.contains { $0.kind == .weakerTarget && $0.regionCode == "130522" })
        }
    }

    @Test(arguments: TestEngine.all)
    func progressTableRatesTheCityAndEachCounty(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let db = database.sql
            let (reporter, reviewer) = try await people(db)
            let indicators = IndicatorStore(db)
            let indicator = try await indicators.create(IndicatorRecord(code: "E", name: "巩固率", unit: "%", binding: .binding), actor: planner)
            _ = try await indicators.setTarget(
                TargetRecord(indicatorID: indicator.id, regionCode: code("130500"), baselineYear: 2015, baselineValue: 60,
                             targetYear: 2030, targetValue: 90),
                actor: planner)
            let store = ObservationStore(db, engine: database.engine)
            let approved = try await store.submit(
                regionCode: code("130500"), source: "seed", observations: [
                    observation(indicator.id, "130500", 2015, 60, row: 2), observation(indicator.id, "130500", 2020, 70, row: 3),
                    observation(indicator.id, "130522", 2015, 50, row: 4), observation(indicator.id, "130522", 2020, 48, row: 5),
                ], warnings: [], actor: reporter)
            _ = try await store.approve(approved.id, comment: "", actor: reviewer)
            // A 2021 figure awaiting approval changes no verdict; readers in scope see it beside.
            _ = try await store.submit(regionCode: code("130522"), source: "form",
                                       observations: [observation(indicator.id, "130522", 2021, 99, row: 2)], warnings: [], actor: reporter)
            let monitoring = Monitoring(db, engine: database.engine)
            let inScope = try await monitoring.progressTable(indicator, parent: code("130500"), pending: .visible(regions: ["130522"]))
            let pendingRow = try #require(inScope.first { $0.region.code == code("130522") })
            #expect(pendingRow.pendingValues == [2021: 99])
            #expect(pendingRow.latestYear == 2020)
            #expect(pendingRow.status == .deterioration)
            let table = try await monitoring.progressTable(indicator, parent: code("130500"))
            #expect(table.count == 19)
            #expect(table[0].status == .substantialProgress)
            #expect(abs((table[0].result?.ratio ?? 0) - 1.1427) < 0.0001)
            let linchen = try #require(table.first { $0.region.code == code("130522") })
            #expect(linchen.baselineValue == 50) // its own figure, not the city's baseline
            #expect(linchen.status == .deterioration)
            #expect(linchen.provisionalYears == [] && linchen.pendingValues == [:])
            #expect(table.first { $0.region.code == code("130523") }?.status == .insufficientData)

            let warnings = try await Monitoring(db, engine: database.engine).warnings(root: code("130500"), today: "2021-06-01")
            let kinds = Set(warnings.filter { $0.regionCode == "130522" }.map(\.kind))
            #expect(kinds.isSuperset(of: [.deterioration, .offTrajectory, .behindParent]))
            // 2020 figures were due by 2021-03-31: counties without them are reported.
            #expect(warnings.contains { $0.kind == .missingData && $0.regionCode == "130523" && $0.year == 2020 })
        }
    }

    @Test(arguments: TestEngine.all)
    func derivedIndicatorsAreComputedFromTheirParts(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let db = database.sql
            let (reporter, _) = try await people(db)
            let indicators = IndicatorStore(db)
            let beds = try await indicators.create(IndicatorRecord(code: "BEDS", name: "床位数", unit: "张", additive: true), actor: planner)
            let people = try await indicators.create(IndicatorRecord(code: "POP", name: "常住人口", unit: "人", additive: true), actor: planner)
            let perThousand = try await indicators.create(IndicatorRecord(code: "BEDS1000", name: "每千人口床位数", unit: "张",
                                                                       numeratorID: beds.id, denominatorID: people.id, factor: 1000),
                                                          actor: planner)
            _ = try await ObservationStore(db, engine: database.engine).submit(
                regionCode: code("130522"), source: "seed", observations: [
                    observation(beds.id, "130522", 2020, 1300, row: 2), observation(people.id, "130522", 2020, 200_000, row: 3),
                ], warnings: [], actor: reporter)
            // Not yet approved: no value for anyone's measures, a pending one for readers in scope.
            let monitoring = Monitoring(db, engine: database.engine)
            #expect(try await monitoring.series(perThousand, regionCodes: ["130522"])["130522"] == nil)
            let inScope = try await monitoring.series(perThousand, regionCodes: ["130522"], pending: .visible(regions: ["130522"]))
            #expect(inScope["130522"] == FigureSeries(values: [:], pending: [2020: 6.5]))
            let elsewhere = try await monitoring.series(perThousand, regionCodes: ["130522"], pending: .visible(regions: ["130523"]))
            #expect(elsewhere["130522"] == nil)
        }
    }

    /// The note under an indicator's charts: its first sources in order, each once, read in one
    /// statement that steps down the index instead of scanning every figure.
    @Test(arguments: TestEngine.all)
    func sourcesOfAnIndicatorAreItsFirstDistinctSourcesInOrder(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let db = database.sql
            let (reporter, _) = try await people(db)
            let indicators = IndicatorStore(db)
            let rate = try await indicators.create(IndicatorRecord(code: "EDU", name: "巩固率", unit: "%"), actor: planner)
            let other = try await indicators.create(IndicatorRecord(code: "HEALTH", name: "床位", unit: "张"), actor: planner)
            let store = ObservationStore(db, engine: database.engine)
            for (year, source) in zip(2016..., ["d.csv", "b.csv", "a.csv", "c.csv", "a.csv"]) {
                _ = try await store.submit(regionCode: code("130522"), source: source,
                                           observations: [observation(rate.id, "130522", year, 90)], warnings: [], actor: reporter)
            }
            _ = try await store.submit(regionCode: code("130522"), source: "0-other.csv",
                                       observations: [observation(other.id, "130522", 2020, 5)], warnings: [], actor: reporter)
            let (three, statements) = try await StatementCount.counting { try await store.sources(indicatorID: rate.id, limit: 3) }
            #expect(three == ["a.csv", "b.csv", "c.csv"])
            #expect(statements == 1)
            #expect(try await store.sources(indicatorID: rate.id, limit: 10) == ["a.csv", "b.csv", "c.csv", "d.csv"])
            #expect(try await store.sources(indicatorID: rate.id, limit: 0) == [])
            #expect(try await store.sources(indicatorID: other.id, limit: 3) == ["0-other.csv"])
            #expect(try await store.sources(indicatorID: other.id + 100, limit: 3) == [])
        }
    }

    @Test func dueYearFollowsTheDeadlineAndTheTargetYear() {
        #expect(Monitoring.dueYear(today: "2026-03-31", deadline: "03-31", targetYear: nil) == 2024)
        #expect(Monitoring.dueYear(today: "2026-04-01", deadline: "03-31", targetYear: nil) == 2025)
        #expect(Monitoring.dueYear(today: "2026-11-22", deadline: "03-31", targetYear: 2020) == 2020)
    }
}

/// The read model of approved totals (`approved_totals`) that public progress, warnings and reports
/// read: every approved total exactly, nothing pending or broken down, rebuilt by each approval.
@Suite struct ApprovedTotalsTests {
    /// Doubles whose shortest text has many digits, or an exponent.
    static let awkward: [Double] = [0.1 + 0.2, 1e-7, 123_456_789.123_456_7, -3.5, 96.5, 1.0 / 3.0]
    static let counties = ["130522", "130523", "130524", "130525", "130528", "130529"]

    @Test(arguments: TestEngine.all)
    func approvedTotalsAreReadExactlyAndPendingOrBrokenDownOnesAreLeftOut(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let db = database.sql
            let (reporter, reviewer) = try await people(db)
            let indicator = try await IndicatorStore(db).create(IndicatorRecord(code: "EDU", name: "巩固率", unit: "%"), actor: planner)
            let store = ObservationStore(db, engine: database.engine)
            var figures = Self.awkward.enumerated().map { observation(indicator.id, "130522", 2015 + $0.offset, $0.element) }
            figures.append(ValidatedObservation(key: ObservationKey(indicatorID: indicator.id, regionCode: "130522", year: 2015,
                                                                    disaggregation: "女"), value: 7, row: 9))
            figures.append(observation(indicator.id, "130523", 2020, 50))
            _ = try await store.submit(regionCode: code("130500"), source: "a.csv", observations: figures, warnings: [],
                                       actor: reporter, approval: (comment: "ok", actor: reviewer))
            // Waiting for approval: seen by a reviewer's progress, not by the public's.
            _ = try await store.submit(regionCode: code("130522"), source: "b.csv",
                                       observations: [observation(indicator.id, "130522", 2030, 99)], warnings: [], actor: reporter)
            let monitoring = Monitoring(db, engine: database.engine)
            let regions = ["130522", "130523", "130524"]
            let public_ = try await monitoring.series(indicator, regionCodes: regions, pending: .hidden)
            #expect(public_["130522"]?.values == Dictionary(uniqueKeysWithValues: Self.awkward.enumerated().map { (2015 + $0.offset, $0.element) }))
            #expect(public_["130522"]?.pending == [:])
            #expect(public_["130523"]?.values == [2020: 50])
            #expect(public_["130524"] == nil)
            // The same figures as the observations themselves give a reader who may see pending ones.
            let reviewers = try await monitoring.series(indicator, regionCodes: regions, pending: .visible(regions: nil))
            #expect(reviewers["130522"]?.values == public_["130522"]?.values)
            #expect(reviewers["130522"]?.pending == [2030: 99])
        }
    }

    @Test(arguments: TestEngine.all)
    func anApprovedCorrectionReplacesTheTotalAndADeletedIndicatorTakesItsTotalsAlong(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let db = database.sql
            let (reporter, reviewer) = try await people(db)
            let indicators = IndicatorStore(db)
            let indicator = try await indicators.create(IndicatorRecord(code: "EDU", name: "巩固率", unit: "%"), actor: planner)
            let store = ObservationStore(db, engine: database.engine)
            _ = try await store.submit(regionCode: code("130522"), source: "a.csv",
                                       observations: [observation(indicator.id, "130522", 2020, 90), observation(indicator.id, "130522", 2021, 91)],
                                       warnings: [], actor: reporter, approval: (comment: "ok", actor: reviewer))
            let correction = try await store.submit(regionCode: code("130522"), source: "fix.csv",
                                                    observations: [observation(indicator.id, "130522", 2021, 93.25)], warnings: [], actor: reporter)
            let monitoring = Monitoring(db, engine: database.engine)
            #expect(try await monitoring.series(indicator, regionCodes: ["130522"])["130522"]?.values == [2020: 90, 2021: 91])
            _ = try await store.approve(correction.id, comment: "更正", actor: reviewer)
            #expect(try await monitoring.series(indicator, regionCodes: ["130522"])["130522"]?.values == [2020: 90, 2021: 93.25])

            try await db.raw("DELETE FROM indicators WHERE id = \(bind: indicator.id)").run()
            #expect(try await db.raw("SELECT COUNT(*) AS n FROM approved_totals").first()?.decode(column: "n", as: Int.self) == 0)
        }
    }

    /// Migration 23 fills the read model from the figures approved before it.
    @Test(arguments: TestEngine.all)
    func theMigrationFillsTheReadModelFromFiguresAlreadyApproved(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let db = database.sql
            let (reporter, reviewer) = try await people(db)
            let indicator = try await IndicatorStore(db).create(IndicatorRecord(code: "EDU", name: "巩固率", unit: "%"), actor: planner)
            _ = try await ObservationStore(db, engine: database.engine).submit(
                regionCode: code("130500"), source: "a.csv",
                observations: zip(Self.counties, Self.awkward).map { observation(indicator.id, $0, 2020, $1) },
                warnings: [], actor: reporter, approval: (comment: "ok", actor: reviewer))
            let monitoring = Monitoring(db, engine: database.engine)
            let regions = Self.counties
            let before = try await monitoring.series(indicator, regionCodes: regions)
            #expect(before.count == Self.awkward.count)

            try await db.raw("DROP TABLE approved_totals").run()
            try await db.raw("DELETE FROM schema_migrations WHERE version = 23").run()
            try await Migrator(database: database, logger: TestDatabase.logger).migrate()
            let after = try await monitoring.series(indicator, regionCodes: regions)
            #expect(after.mapValues(\.values) == before.mapValues(\.values))
        }
    }
}

/// The text of a series is read back exactly, and a damaged one is refused rather than read in part.
@Suite struct ApprovedSeriesTextTests {
    @Test func seriesTextIsReadExactly() throws {
        let parsed = try ApprovedTotals.parse("2019=96.5,2020=0.30000000000000004,2021=1e-07,2022=-3.5,2023=123456789.12345670")
        #expect(parsed.map(\.year) == [2019, 2020, 2021, 2022, 2023])
        #expect(parsed.map(\.value) == [96.5, 0.1 + 0.2, 1e-7, -3.5, 123_456_789.123_456_7])
    }

    @Test(arguments: ["", "2019", "2019=", "=96.5", "2019=96.5,", "2019=96.5;2020=1", "2019=abc", "2019=96.5x"])
    func aDamagedSeriesIsRefused(series: String) {
        #expect(throws: ApprovedTotals.MalformedSeries.self) { try ApprovedTotals.parse(series) }
        #expect(throws: ApprovedTotals.MalformedSeries.self) { try ApprovedTotals.parse(line: "7 510000 " + series) }
    }

    @Test func aRowIsReadAsIndicatorRegionAndSeries() throws {
        let row = try ApprovedTotals.parse(line: "41 510100 2019=96.5,2020=0.30000000000000004")
        #expect(row.indicatorID == 41 && row.regionCode == "510100")
        #expect(row.series.map(\.year) == [2019, 2020] && row.series.map(\.value) == [96.5, 0.1 + 0.2])
    }

    @Test(arguments: ["", "41", "41 ", "41 510100", "41 510100 ", "x 510100 2019=1", "41  2019=1", "41x 510100 2019=1"])
    func aDamagedRowIsRefused(line: String) {
        #expect(throws: ApprovedTotals.MalformedSeries.self) { try ApprovedTotals.parse(line: line) }
    }
}
