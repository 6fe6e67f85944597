import Foundation
import JunhengCore
import Storage

/// What a reviewer sees before deciding a submission: each submitted value beside the approved
/// one it would replace and last year's approved value, the change, and the validator's warnings
/// on its row.
public struct SubmissionDetail: Codable, Sendable {
    /// One submitted value and what it is compared with.
    public struct Value: Codable, Sendable, Equatable {
        public var indicatorID: Int64
        public var indicatorCode: String
        public var indicatorName: String
        public var unit: String
        public var regionCode: String
        public var regionName: String
        public var year: Int
        public var disaggregation: String
        public var value: Double
        /// The approved figure for the same region, indicator, year and disaggregation, if any.
        public var approvedValue: Double?
        /// The approved figure of the year before, if any.
        public var previousYearValue: Double?
        /// `value` less the previous year's approved figure.
        public var change: Double?
        /// `change` as a percentage of the previous year's figure; nil when that is missing or 0.
        public var changePercent: Double?
        public var warnings: [String]
    }

    public var submission: SubmissionRecord
    /// Who submitted it (display name), when a user did.
    public var submitter: String?
    /// The name of the file it was uploaded as; nil for web-form and API submissions.
    public var filename: String?
    public var values: [Value]
    /// Whether the asking user may approve or return it now: waiting for review, in their
    /// reviewing scope, and not their own.
    public var mayReview: Bool
}

/// A figure on the data-entry form as the reporter last left it: approved (changed only by an
/// explicit correction), waiting for review, or returned with the reviewer's comment.
public struct EntryFigure: Sendable, Equatable {
    public var approvedValue: Double?
    /// The newest submitted value, when its submission is not yet approved.
    public var pendingValue: Double?
    /// The newest submitted value and the reviewer's comment, when its submission was returned.
    public var returned: (value: Double, comment: String, submissionID: Int64)?

    public init(approvedValue: Double? = nil, pendingValue: Double? = nil,
                returned: (value: Double, comment: String, submissionID: Int64)? = nil) {
        self.approvedValue = approvedValue
        self.pendingValue = pendingValue
        self.returned = returned
    }

    public static func == (lhs: EntryFigure, rhs: EntryFigure) -> Bool {
        lhs.approvedValue == rhs.approvedValue && lhs.pendingValue == rhs.pendingValue
            && lhs.returned?.value == rhs.returned?.value && lhs.returned?.comment == rhs.returned?.comment
            && lhs.returned?.submissionID == rhs.returned?.submissionID
    }
}

extension MonitoringUseCases {
    private var observationStore: ObservationStore { ObservationStore(app.database.sql, engine: app.database.engine) }

    /// The submission the actor may see (in their regions; a department editor's only when it
    /// holds a figure of their department's indicators), or `notFound`.
    private func visibleSubmission(_ idText: String?, actor: Actor) async throws -> SubmissionRecord {
        let user = try app.access.requireUser(actor)
        guard let id = idText.flatMap(Int64.init), let submission = try await observationStore.submission(id) else {
            throw JunhengError.notFound("报送 \(idText ?? "")")
        }
        if let visible = try await app.access.visibleRegions(for: actor), !visible.contains(submission.regionCode) {
            throw JunhengError.notFound("报送 \(id)")
        }
        if let department = Self.editorDepartment(user),
           try await observationStore.submissions(regionCodes: [submission.regionCode], departmentID: department)
               .contains(where: { $0.id == id }) == false {
            throw JunhengError.notFound("报送 \(id)")
        }
        return submission
    }

    /// The department a department editor works for: what they report and see.
    static func editorDepartment(_ user: UserRecord?) -> Int64? {
        guard let user, user.role == .departmentEditor else { return nil }
        return user.departmentID
    }

    /// A submission with each value beside the approved figures it is judged against.
    public func submissionDetail(_ idText: String?, actor: Actor) async throws -> SubmissionDetail {
        let submission = try await visibleSubmission(idText, actor: actor)
        let user = try app.access.requireUser(actor)
        let indicators = Dictionary(uniqueKeysWithValues: try await IndicatorStore(app.database.sql).indicators().map { ($0.id, $0) })
        var values = try await observationStore.submissionValues(submission.id)
        if let department = Self.editorDepartment(user) {
            values = values.filter { indicators[$0.key.indicatorID]?.departmentID == department }
        }
        let years = Set(values.flatMap { [$0.key.year, $0.key.year - 1] })
        let approved = try await observationStore.approvedValues(
            indicatorIDs: Array(Set(values.map(\.key.indicatorID))), regionCodes: Array(Set(values.map(\.key.regionCode))),
            years: years.sorted())
        var regionNames: [String: String] = [:]
        for code in Set(values.map(\.key.regionCode)) {
            if let region = RegionCode(rawValue: code), let name = try await RegionStore(app.database.sql).region(region)?.name {
                regionNames[code] = name
            }
        }
        let warningsByRow = Dictionary(grouping: submission.warnings.filter { $0.row != nil }, by: { $0.row! })
        let rows = values.map { submitted -> SubmissionDetail.Value in
            let indicator = indicators[submitted.key.indicatorID]
            var previousKey = submitted.key
            previousKey.year -= 1
            let previous = approved[previousKey]
            let change = previous.map { submitted.value - $0 }
            return SubmissionDetail.Value(
                indicatorID: submitted.key.indicatorID, indicatorCode: indicator?.code ?? "", indicatorName: indicator?.name ?? "",
                unit: indicator?.unit ?? "", regionCode: submitted.key.regionCode,
                regionName: regionNames[submitted.key.regionCode] ?? submitted.key.regionCode, year: submitted.key.year,
                disaggregation: submitted.key.disaggregation, value: submitted.value, approvedValue: approved[submitted.key],
                previousYearValue: previous, change: change,
                changePercent: previous.flatMap { $0 == 0 ? nil : (submitted.value - $0) / abs($0) * 100 },
                warnings: submitted.sourceRow.flatMap { warningsByRow[$0] }?.map(\.reason) ?? [])
        }
        var submitter: String?
        if let submitterID = submission.createdBy { submitter = try await UserStore(app.database.sql).user(id: submitterID)?.displayName }
        let mayDecide = try await app.access.allows(.reviewData, region: submission.regionCode, actor: actor)
        let mayReview = submission.status == .submitted && submission.createdBy != user.id && mayDecide
        return SubmissionDetail(submission: submission, submitter: submitter,
                                filename: try await observationStore.submissionFile(submission.id)?.filename,
                                values: rows, mayReview: mayReview)
    }

    /// The file a submission was uploaded as, for whoever may see the submission; `notFound`
    /// when it came through the web form or the API.
    public func submissionFile(_ idText: String?, actor: Actor) async throws -> SubmissionFile {
        let submission = try await visibleSubmission(idText, actor: actor)
        guard let file = try await observationStore.submissionFile(submission.id) else {
            throw JunhengError.notFound("报送 \(submission.id) 的上传文件（网页填报和接口报送没有文件）")
        }
        return file
    }

    /// How each indicator's figure for a region and year stands, for the data-entry form.
    public func entryFigures(region: RegionCode, year: Int, indicatorIDs: [Int64]) async throws -> [Int64: EntryFigure] {
        let approved = try await observationStore.approvedValues(indicatorIDs: indicatorIDs, regionCodes: [region.rawValue], years: [year])
        let latest = try await observationStore.latestSubmittedValues(regionCode: region.rawValue, year: year, indicatorIDs: indicatorIDs)
        var figures: [Int64: EntryFigure] = [:]
        for id in indicatorIDs {
            let key = ObservationKey(indicatorID: id, regionCode: region.rawValue, year: year, disaggregation: "")
            var figure = EntryFigure(approvedValue: approved[key])
            if let newest = latest[id] {
                switch newest.status {
                case .submitted: figure.pendingValue = newest.value
                case .returned: figure.returned = (newest.value, newest.reviewComment, newest.submissionID)
                case .approved: break
                }
            }
            figures[id] = figure
        }
        return figures
    }

    /// Makes a department the lead of an indicator (nil: none); needs `manageIndicators`, and the
    /// department must exist. What `junheng indicators assign` calls.
    public func assignDepartment(indicator idText: String?, department departmentID: Int64?, actor: Actor) async throws -> IndicatorRecord {
        try await updateIndicator(try await indicator(idText), IndicatorChanges(), leadDepartment: .some(departmentID), actor: actor)
    }
}
