import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/feedback…`: citizens' messages — send one (no sign-in), follow and rate it by
/// receipt number, the published answers — and for handlers the list of messages and the
/// handling steps. Contact details appear only for the handling department.
struct FeedbackAPI {
    let services: JunhengServices
    private var feedback: FeedbackUseCases { services.app.feedback }

    func register(on api: RouterGroup<AppContext>) {
        api.post("feedback", use: submit)
        api.get("feedback/answers", use: answers)
        api.get("feedback/receipts/:receipt", use: lookup)
        api.post("feedback/receipts/:receipt/rating", use: rate)
        api.get("feedback/cases", use: cases)
        api.get("feedback/cases/:id", use: feedbackCase)
        api.post("feedback/cases/:id/steps", use: step)
        api.post("feedback/cases/:id/route", use: route)
        api.post("feedback/cases/:id/notes", use: note)
    }

    // MARK: shapes

    struct SubmitBody: Decodable {
        var kind: FeedbackKind
        var regionCode: String
        var itemCode: String?
        var text: String
        var contactName: String?
        var contactPhone: String?
        /// The honeypot: robots fill it, people leave it out.
        var website: String?
    }

    struct PublicJSON: Encodable, Sendable {
        let receipt: String
        let kind: FeedbackKind
        let regionName: String
        let itemName: String
        let text: String
        let status: FeedbackStatus
        let receivedOn: String
        let dueOn: String
        let departmentName: String?
        let answer: String?
        let answeredOn: String?
        let rating: Int?
        let mergedIntoReceipt: String?

        init(_ shown: PublicFeedback) {
            receipt = shown.receipt
            kind = shown.kind
            regionName = shown.regionName
            itemName = shown.itemName
            text = shown.text
            status = shown.status
            receivedOn = shown.receivedOn.description
            dueOn = shown.dueOn.description
            departmentName = shown.departmentName
            answer = shown.answer
            answeredOn = shown.answeredOn?.description
            rating = shown.rating
            mergedIntoReceipt = shown.mergedIntoReceipt
        }
    }

    struct CaseJSON: Encodable, Sendable {
        let id: Int64
        let receipt: String
        let kind: FeedbackKind
        let regionCode: String
        let regionName: String
        let itemKey: String?
        let itemName: String
        let text: String
        let status: FeedbackStatus
        let departmentId: Int64?
        let departmentName: String?
        let receivedOn: String
        let dueOn: String
        let colour: TaskColour
        let answer: String?
        let answeredOn: String?
        let rating: Int?
        /// Only for the handling department.
        let contact: FeedbackContact?
        let notes: [NoteJSON]

        init(_ item: FeedbackCase) {
            id = item.record.id
            receipt = item.record.receipt
            kind = item.record.kind
            regionCode = item.record.regionCode.rawValue
            regionName = item.regionName
            itemKey = item.record.itemKey
            itemName = item.record.itemName
            text = item.record.text
            status = item.record.status
            departmentId = item.record.departmentID
            departmentName = item.departmentName
            receivedOn = item.record.receivedOn.description
            dueOn = item.record.dueOn.description
            colour = item.colour
            answer = item.record.answer
            answeredOn = item.record.answeredOn?.description
            rating = item.record.rating
            contact = item.contact
            notes = item.notes.map { NoteJSON(text: $0.text, writtenAt: $0.writtenAt) }
        }
    }

    struct NoteJSON: Encodable, Sendable {
        let text: String
        let writtenAt: String
    }

    struct RatingBody: Decodable {
        var rating: Int
    }

    struct StepBody: Decodable {
        var step: FeedbackStep
        var answer: String?
        var mergeInto: String?
    }

    struct RouteBody: Decodable {
        var departmentId: Int64
    }

    struct NoteBody: Decodable {
        var text: String
    }

    // MARK: handlers

    @Sendable func submit(_ request: Request, context: AppContext) async throws -> JSON<PublicJSON> {
        let body = try await request.decode(as: SubmitBody.self, context: context)
        let submission = FeedbackSubmission(
            kind: body.kind, regionCode: body.regionCode, itemCode: body.itemCode, text: body.text,
            contactName: body.contactName, contactPhone: body.contactPhone, website: body.website)
        let stored = try await feedback.submit(submission, clientAddress: services.clientAddress(request, context),
                                               actor: context.actor)
        return JSON(PublicJSON(try await feedback.lookup(receipt: stored.receipt)), status: .created)
    }

    @Sendable func answers(_ request: Request, context: AppContext) async throws -> JSON<ItemList<PublicJSON>> {
        JSON(ItemList(try await feedback.publishedAnswers().map(PublicJSON.init)))
    }

    @Sendable func lookup(_ request: Request, context: AppContext) async throws -> JSON<PublicJSON> {
        JSON(PublicJSON(try await feedback.lookup(receipt: context.parameters.get("receipt") ?? "")))
    }

    @Sendable func rate(_ request: Request, context: AppContext) async throws -> JSON<PublicJSON> {
        let body = try await request.decode(as: RatingBody.self, context: context)
        return JSON(PublicJSON(try await feedback.rate(receipt: context.parameters.get("receipt") ?? "", rating: body.rating,
                                                       actor: context.actor)))
    }

    @Sendable func cases(_ request: Request, context: AppContext) async throws -> JSON<ItemList<CaseJSON>> {
        let status = request.uri.queryParameters["status"].map(String.init)
        let statuses = try status.map { text -> [FeedbackStatus] in
            guard let value = FeedbackStatus(rawValue: text) else {
                throw JunhengError.invalid(field: "status", "未知的办理状态 \(text)")
            }
            return [value]
        }
        return JSON(ItemList(try await feedback.inbox(actor: context.actor, statuses: statuses).map(CaseJSON.init)))
    }

    @Sendable func feedbackCase(_ request: Request, context: AppContext) async throws -> JSON<CaseJSON> {
        JSON(CaseJSON(try await feedback.detail(context.parameters.get("id"), actor: context.actor)))
    }

    @Sendable func step(_ request: Request, context: AppContext) async throws -> JSON<CaseJSON> {
        let body = try await request.decode(as: StepBody.self, context: context)
        return JSON(CaseJSON(try await feedback.handle(context.parameters.get("id"), step: body.step, answer: body.answer,
                                                       mergeInto: body.mergeInto, actor: context.actor)))
    }

    @Sendable func route(_ request: Request, context: AppContext) async throws -> JSON<CaseJSON> {
        let body = try await request.decode(as: RouteBody.self, context: context)
        return JSON(CaseJSON(try await feedback.route(context.parameters.get("id"), departmentID: body.departmentId,
                                                      actor: context.actor)))
    }

    @Sendable func note(_ request: Request, context: AppContext) async throws -> JSON<CaseJSON> {
        let body = try await request.decode(as: NoteBody.self, context: context)
        return JSON(CaseJSON(try await feedback.addNote(context.parameters.get("id"), text: body.text, actor: context.actor)),
                    status: .created)
    }
}
