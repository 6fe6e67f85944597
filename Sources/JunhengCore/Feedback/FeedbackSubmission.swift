import Foundation

/// What a citizen sends from the public form, before it is stored. Contact details are optional
/// and kept apart from the message; `website` is the honeypot: a field hidden from people that
/// only form-filling robots complete.
public struct FeedbackSubmission: Sendable, Equatable {
    public var kind: FeedbackKind
    public var regionCode: String
    public var itemCode: String?
    public var text: String
    public var contactName: String?
    public var contactPhone: String?
    public var website: String?

    public init(kind: FeedbackKind, regionCode: String, itemCode: String? = nil, text: String, contactName: String? = nil,
                contactPhone: String? = nil, website: String? = nil) {
        self.kind = kind
        self.regionCode = regionCode
        self.itemCode = itemCode
        self.text = text
        self.contactName = contactName
        self.contactPhone = contactPhone
        self.website = website
    }

    public static let textLength = 10...2_000
    public static let nameLength = 1...30

    /// Whether the honeypot was filled: the message came from a robot and is not stored.
    public var isFromRobot: Bool { !(website ?? "").trimmingCharacters(in: .whitespaces).isEmpty }

    /// The submission with blanks made nil and text trimmed, or every problem by field.
    public func validated() throws(JunhengError) -> FeedbackSubmission {
        var issues: [ValidationIssue] = []
        var clean = self
        clean.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.regionCode = regionCode.trimmingCharacters(in: .whitespaces)
        clean.itemCode = itemCode.flatMap(Self.nonBlank)
        clean.contactName = contactName.flatMap(Self.nonBlank)
        clean.contactPhone = contactPhone.flatMap(Self.nonBlank)
        if clean.regionCode.isEmpty { issues.append(ValidationIssue(field: "regionCode", reason: "请选择所在地区")) }
        if clean.text.count < Self.textLength.lowerBound {
            issues.append(ValidationIssue(field: "text", reason: "请把诉求写清楚，至少 \(Self.textLength.lowerBound) 个字"))
        } else if clean.text.count > Self.textLength.upperBound {
            issues.append(ValidationIssue(field: "text", reason: "留言不能超过 \(Self.textLength.upperBound) 字（现有 \(clean.text.count) 字）"))
        }
        if let name = clean.contactName, !Self.nameLength.contains(name.count) {
            issues.append(ValidationIssue(field: "contactName", reason: "称呼不能超过 \(Self.nameLength.upperBound) 字"))
        }
        if let phone = clean.contactPhone, !Self.isPhoneNumber(phone) {
            issues.append(ValidationIssue(field: "contactPhone", reason: "联系电话应为 11 位手机号或带区号的固定电话"))
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return clean
    }

    /// The message reduced to what makes two posts "the same": its characters without spaces,
    /// punctuation or case, with the region and item it is about.
    public var duplicateKey: String {
        let letters = text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }
        let normalised = String(String.UnicodeScalarView(letters))
        return "\(regionCode)|\(itemCode ?? "")|\(String(StableHash.fnv1a64(normalised), radix: 16))"
    }

    /// A mobile number (1 and ten digits) or a landline with its area code (0xx-xxxxxxx), spaces
    /// and dashes allowed.
    static func isPhoneNumber(_ text: String) -> Bool {
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return false }
        if digits.count == 11 && digits.hasPrefix("1") { return true }
        return digits.hasPrefix("0") && (10...12).contains(digits.count)
    }

    private static func nonBlank(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// The defences of the public form that need no third-party captcha: how often one address may
/// post, and how long the same message is refused as a duplicate.
public struct FeedbackPostingPolicy: Sendable, Equatable {
    /// At most this many messages from one address within `window`.
    public var maximumPerAddress: Int
    public var window: TimeInterval
    /// The same message (``FeedbackSubmission/duplicateKey``) within this time is a duplicate.
    public var duplicateWindow: TimeInterval

    public static let standard = FeedbackPostingPolicy(maximumPerAddress: 5, window: 3_600, duplicateWindow: 86_400)

    public init(maximumPerAddress: Int, window: TimeInterval, duplicateWindow: TimeInterval) {
        self.maximumPerAddress = maximumPerAddress
        self.window = window
        self.duplicateWindow = duplicateWindow
    }

    /// An earlier message, as the decision needs it.
    public struct RecentPost: Sendable, Equatable {
        public var address: String
        public var duplicateKey: String
        public var postedAt: Date
        public var receipt: String

        public init(address: String, duplicateKey: String, postedAt: Date, receipt: String) {
            self.address = address
            self.duplicateKey = duplicateKey
            self.postedAt = postedAt
            self.receipt = receipt
        }
    }

    /// Accepts the post, or refuses it: a duplicate names the earlier receipt (from the same
    /// address only, so a receipt is never shown to someone else), a flood says when to retry.
    public func decide(address: String, duplicateKey: String, now: Date, recent: [RecentPost]) throws(JunhengError) {
        let same = recent.filter { $0.duplicateKey == duplicateKey && now.timeIntervalSince($0.postedAt) < duplicateWindow }
        if let earlier = same.filter({ $0.address == address }).max(by: { $0.postedAt < $1.postedAt }) {
            throw .conflict("已收到内容相同的留言，回执号 \(earlier.receipt)，请凭回执号查询办理情况")
        }
        if !same.isEmpty { throw .conflict("已有内容相同的留言正在办理，请勿重复提交") }
        let fromAddress = recent.filter { $0.address == address && now.timeIntervalSince($0.postedAt) < window }
            .map(\.postedAt).sorted()
        if fromAddress.count >= maximumPerAddress {
            let retry = Int((fromAddress[fromAddress.count - maximumPerAddress].addingTimeInterval(window))
                .timeIntervalSince(now).rounded(.up))
            throw .rateLimited("提交过于频繁，请 \(max(1, retry / 60)) 分钟后再试", retryAfterSeconds: max(1, retry))
        }
    }
}
