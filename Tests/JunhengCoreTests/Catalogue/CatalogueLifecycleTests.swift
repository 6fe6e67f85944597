import JunhengCore
import Testing

@Suite struct CatalogueLifecycleTests {
    @Test func aDraftIsSubmittedThenReturnedOrPublished() throws {
        #expect(try CatalogueStatus.draft.next(for: .submit, versionID: 1) == .underReview)
        #expect(try CatalogueStatus.underReview.next(for: .returnToDraft, versionID: 1) == .draft)
        #expect(try CatalogueStatus.underReview.next(for: .publish, versionID: 1) == .published)
    }

    @Test func aDraftCannotBePublishedWithoutReview() {
        #expect(throws: JunhengError.conflict("清单版本 7 当前为“草稿”，不能发布")) {
            try CatalogueStatus.draft.next(for: .publish, versionID: 7)
        }
    }

    @Test func aPublishedVersionCannotBeSubmittedOrReturned() {
        #expect(throws: JunhengError.conflict("清单版本 3 当前为“已发布”，不能提交审核")) {
            try CatalogueStatus.published.next(for: .submit, versionID: 3)
        }
        #expect(throws: JunhengError.conflict("清单版本 3 当前为“已发布”，不能退回")) {
            try CatalogueStatus.published.next(for: .returnToDraft, versionID: 3)
        }
    }

    @Test func aNewDraftStartsOnlyFromAPublishedVersionWhichStaysPublished() throws {
        #expect(try CatalogueStatus.published.next(for: .newDraft, versionID: 2) == .published)
        for status in [CatalogueStatus.draft, .underReview, .superseded] {
            #expect(throws: JunhengError.conflict("只能从已发布的版本开始新的草稿")) {
                try status.next(for: .newDraft, versionID: 2)
            }
        }
    }

    @Test func onlyDraftsHaveTheirItemsChanged() throws {
        try CatalogueStatus.draft.requireEditable(versionID: 4)
        #expect(throws: JunhengError.conflict("清单版本 4 当前为“待审核”，不能修改")) {
            try CatalogueStatus.underReview.requireEditable(versionID: 4)
        }
    }

    @Test func aRegionWorksOnOneUnpublishedVersionAtATime() throws {
        try CatalogueStatus.requireNoOpenDraft(among: [.published, .superseded])
        for open in [CatalogueStatus.draft, .underReview] {
            #expect(throws: JunhengError.conflict("该地区已有未发布的草稿，请先完成它")) {
                try CatalogueStatus.requireNoOpenDraft(among: [.published, open])
            }
        }
    }
}
