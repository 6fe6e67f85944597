/// Where a catalogue version is in its life: a draft is edited and sent for review; a reviewer
/// returns it or publishes it; publishing the region's next version supersedes it. A published
/// version never changes — the next draft starts as its copy.
public enum CatalogueStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case underReview = "under_review"
    case published
    case superseded

    public var chineseName: String {
        switch self {
        case .draft: "草稿"
        case .underReview: "待审核"
        case .published: "已发布"
        case .superseded: "已被新版本取代"
        }
    }

    public var englishName: String {
        switch self {
        case .draft: "Draft"
        case .underReview: "Under review"
        case .published: "Published"
        case .superseded: "Superseded"
        }
    }

    /// The status version `versionID` moves to when a person takes `step` on it, or the conflict
    /// that says why the step does not apply. Starting a new draft copies a published version,
    /// which itself stays published.
    public func next(for step: CatalogueStep, versionID: Int64) throws(JunhengError) -> CatalogueStatus {
        switch (self, step) {
        case (.draft, .submit): return .underReview
        case (.underReview, .returnToDraft): return .draft
        case (.underReview, .publish): return .published
        case (.published, .newDraft): return .published
        case (_, .newDraft): throw .conflict("只能从已发布的版本开始新的草稿")
        default: throw .conflict(refusal(versionID: versionID, action: step.chineseName))
        }
    }

    /// Items are added, changed and removed only while a version is a draft.
    public func requireEditable(versionID: Int64) throws(JunhengError) {
        guard self == .draft else { throw .conflict(refusal(versionID: versionID, action: "修改")) }
    }

    /// A region works on one unpublished version at a time, so a new draft waits until the
    /// region's draft or version under review is published.
    public static func requireNoOpenDraft(among regionStatuses: [CatalogueStatus]) throws(JunhengError) {
        if regionStatuses.contains(where: { $0 == .draft || $0 == .underReview }) {
            throw .conflict("该地区已有未发布的草稿，请先完成它")
        }
    }

    private func refusal(versionID: Int64, action: String) -> String {
        "清单版本 \(versionID) 当前为“\(chineseName)”，不能\(action)"
    }
}

/// The steps of a catalogue version's life that a person takes (see ``CatalogueStatus``).
public enum CatalogueStep: String, Sendable, CaseIterable {
    case submit
    case returnToDraft = "return"
    case publish
    case newDraft = "draft"

    /// Drafting and submitting is the editors' work; returning and publishing the reviewers'.
    public var permission: Permission {
        switch self {
        case .submit, .newDraft: .editCatalogue
        case .returnToDraft, .publish: .publishCatalogue
        }
    }

    /// The step as the refusal names it: "不能提交审核".
    public var chineseName: String {
        switch self {
        case .submit: "提交审核"
        case .returnToDraft: "退回"
        case .publish: "发布"
        case .newDraft: "开始新的草稿"
        }
    }
}
