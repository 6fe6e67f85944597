import Foundation
import JunhengApp
import JunhengCore
import Storage

/// A choice in a select.
struct FeedbackOption {
    let value: String
    let name: String
    let selected: Bool
}

/// A message as the public sees it (receipt page and published answers).
struct PublicFeedbackView {
    let receipt: String
    let kind: String
    let regionName: String
    let itemName: String?
    let text: String
    let status: String
    let receivedOn: String
    let dueOn: String
    let department: String
    let answer: String?
    let answeredOn: String?
    let rating: String?
    let mayRate: Bool
    let mergedNote: String?

    init(_ feedback: PublicFeedback, language: Language) {
        receipt = feedback.receipt
        kind = feedback.kind.name(in: language)
        regionName = feedback.regionName
        itemName = feedback.itemName.isEmpty ? nil : feedback.itemName
        text = feedback.text
        status = feedback.status.name(in: language)
        receivedOn = feedback.receivedOn.description
        dueOn = feedback.dueOn.description
        department = feedback.departmentName ?? language.text("fb.unrouted")
        answer = feedback.answer
        answeredOn = feedback.answeredOn?.description
        rating = feedback.rating.map { language.fill("fb.ratingValue", ["stars": String($0)]) }
        mayRate = feedback.rating == nil && (feedback.status == .answered || feedback.status == .closed)
        mergedNote = feedback.mergedIntoReceipt.map { language.fill("fb.mergedInto", ["receipt": $0]) }
    }
}

/// `Feedback/form`: the public form (keeping what was typed after an error), the receipt lookup
/// and the latest published answers.
struct FeedbackFormPage {
    /// What the form keeps when it comes back with an error.
    struct Typed {
        var kind = FeedbackKind.request.rawValue
        var region = ""
        var item = ""
        var text = ""
        var contactName = ""
        var contactPhone = ""
    }

    let kinds: [FeedbackOption]
    let regions: [FeedbackOption]
    let items: [FeedbackOption]
    /// Whether a catalogue is published, so the item select is worth showing.
    let hasItems: Bool
    let typed: Typed
    let answers: [PublicFeedbackView]
    let words: [String: String]

    init(choices: FeedbackFormChoices, answers: [PublicFeedback], typed: Typed, language: Language) {
        kinds = FeedbackKind.allCases.map {
            FeedbackOption(value: $0.rawValue, name: $0.name(in: language), selected: typed.kind == $0.rawValue)
        }
        regions = choices.regions.map {
            FeedbackOption(value: $0.code.rawValue, name: $0.name, selected: typed.region == $0.code.rawValue)
        }
        items = choices.items.map {
            FeedbackOption(value: $0.key, name: "\($0.domain) · \($0.name)", selected: typed.item == $0.key)
        }
        hasItems = !items.isEmpty
        self.typed = typed
        self.answers = answers.map { PublicFeedbackView($0, language: language) }
        words = FeedbackStrings.words(language)
    }
}

/// `Feedback/receipt`: a new message's receipt, or the message found by a receipt number.
struct FeedbackReceiptPage {
    let justReceived: Bool
    let number: String
    let found: PublicFeedbackView?
    let words: [String: String]

    init(found: PublicFeedback?, number: String, justReceived: Bool, language: Language) {
        self.justReceived = justReceived
        self.number = number
        self.found = found.map { PublicFeedbackView($0, language: language) }
        words = FeedbackStrings.words(language)
    }
}

/// One message in a handler's list.
struct FeedbackCaseRow {
    let id: Int64
    let receipt: String
    let colourName: String
    /// The chip's colours, as the task ledger draws them.
    let background: String
    let textColour: String
    let dueOn: String
    let kind: String
    let regionName: String
    let itemName: String
    let excerpt: String
    let status: String
    let department: String

    init(_ item: FeedbackCase, language: Language) {
        id = item.record.id
        receipt = item.record.receipt
        colourName = item.colour.name(in: language)
        (background, textColour) = TaskFormat.colours(item.colour)
        dueOn = item.record.dueOn.description
        kind = item.record.kind.name(in: language)
        regionName = item.regionName
        itemName = item.record.itemName
        excerpt = item.record.text.count > 60 ? String(item.record.text.prefix(60)) + "…" : item.record.text
        status = item.record.status.name(in: language)
        department = item.departmentName ?? language.text("fb.unrouted")
    }
}

/// `Feedback/inbox`: the messages the signed-in handler works on, filterable by status.
struct FeedbackInboxPage {
    let cases: [FeedbackCaseRow]
    let hasCases: Bool
    let statuses: [FeedbackOption]
    let words: [String: String]

    init(cases: [FeedbackCase], status: String, language: Language) {
        self.cases = cases.map { FeedbackCaseRow($0, language: language) }
        hasCases = !cases.isEmpty
        statuses = [FeedbackOption(value: "", name: language.text("fb.all"), selected: status.isEmpty)]
            + FeedbackStatus.allCases.map { FeedbackOption(value: $0.rawValue, name: $0.name(in: language), selected: status == $0.rawValue) }
        words = FeedbackStrings.words(language)
    }
}

/// `Feedback/case`: one message with its handling: contact (handling department only), notes,
/// and the steps its status allows.
struct FeedbackCasePage {
    struct Note {
        let text: String
        let writtenAt: String
    }

    let row: FeedbackCaseRow
    let text: String
    let answer: String?
    let answeredOn: String?
    let rating: String?
    let contactShown: Bool
    let contactName: String?
    let contactPhone: String?
    let notes: [Note]
    let mayAccept: Bool
    let mayAnswer: Bool
    let mayClose: Bool
    let mayMerge: Bool
    let mayRoute: Bool
    let departments: [FeedbackOption]
    let typedAnswer: String
    let words: [String: String]

    init(_ item: FeedbackCase, departments: [Department], mayRoute: Bool, typedAnswer: String?, language: Language) {
        row = FeedbackCaseRow(item, language: language)
        text = item.record.text
        answer = item.record.answer
        answeredOn = item.record.answeredOn?.description
        rating = item.record.rating.map { language.fill("fb.ratingValue", ["stars": String($0)]) }
        contactShown = item.contact != nil
        contactName = item.contact?.name
        contactPhone = item.contact?.phone
        notes = item.notes.map { Note(text: $0.text, writtenAt: String($0.writtenAt.prefix(10))) }
        let status = item.record.status
        mayAccept = status == .new
        mayAnswer = status == .new || status == .accepted || status == .answered
        mayClose = status == .answered
        mayMerge = status.awaitsAnswer
        self.mayRoute = mayRoute && status.awaitsAnswer
        self.departments = departments.map {
            FeedbackOption(value: String($0.id), name: $0.name, selected: $0.id == item.record.departmentID)
        }
        self.typedAnswer = typedAnswer ?? item.record.answer ?? ""
        words = FeedbackStrings.words(language)
    }
}
