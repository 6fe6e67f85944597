import JunhengCore
import Testing

@Suite struct SubmissionReviewTests {
    @Test func anotherPersonApprovesOrSendsBackASubmissionWithAReason() throws {
        try SubmissionReview.check(.approve, submissionID: 1, status: .submitted, reviewer: 2, submitter: 1)
        try SubmissionReview.check(.sendBack(reason: "数值偏低"), submissionID: 1, status: .submitted, reviewer: 2, submitter: 1)
    }

    @Test func nobodyApprovesTheirOwnSubmission() {
        #expect(throws: JunhengError.forbidden("不能审核自己提交的数据")) {
            try SubmissionReview.check(.approve, submissionID: 1, status: .submitted, reviewer: 5, submitter: 5)
        }
    }

    @Test func nobodySendsBackTheirOwnSubmission() {
        #expect(throws: JunhengError.forbidden("不能退回自己提交的数据")) {
            try SubmissionReview.check(.sendBack(reason: "重报"), submissionID: 1, status: .submitted, reviewer: 5, submitter: 5)
        }
    }

    @Test func aSubmissionStoredByNobodyMayBeDecidedByAnyone() throws {
        try SubmissionReview.check(.approve, submissionID: 1, status: .submitted, reviewer: nil, submitter: nil)
        try SubmissionReview.check(.approve, submissionID: 1, status: .submitted, reviewer: 5, submitter: nil)
    }

    @Test func onlyASubmissionWaitingForReviewIsDecided() {
        #expect(throws: JunhengError.conflict("报送 9 当前状态为“已通过”，不能审核")) {
            try SubmissionReview.check(.approve, submissionID: 9, status: .approved, reviewer: 2, submitter: 1)
        }
        #expect(throws: JunhengError.conflict("报送 9 当前状态为“已退回”，不能退回")) {
            try SubmissionReview.check(.sendBack(reason: "x"), submissionID: 9, status: .returned, reviewer: 2, submitter: 1)
        }
    }

    @Test func sendingBackNeedsAReason() {
        #expect(throws: JunhengError.invalid(field: "comment", "退回时请说明原因")) {
            try SubmissionReview.check(.sendBack(reason: "  "), submissionID: 1, status: .submitted, reviewer: 2, submitter: 1)
        }
    }
}
