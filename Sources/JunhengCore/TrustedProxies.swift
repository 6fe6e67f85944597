import TextFormats

/// An IPv4 or IPv6 address as 16 bytes (IPv4 as an IPv4-mapped IPv6 address, `::ffff:a.b.c.d`),
/// parsed without the operating system so that the rules stay pure.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public var isIPv4: Bool { bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF }

    /// Reads `203.0.113.7`, `2001:db8::1`, `::ffff:203.0.113.7`, and the forms proxies write with
    /// a port or brackets (`203.0.113.7:51234`, `[2001:db8::1]:443`); a zone (`%eth0`) is ignored.
    public init?(_ text: some StringProtocol) {
        var text = Substring(text).trimmingASCIISpaces
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isASCIIDigit) && rest.count > 1) else { return nil }
            text = text[text.index(after: text.startIndex)..<close]
        } else if text.filter({ $0 == ":" }).count == 1, text.contains(".") {
            // IPv4 with a port.
            text = text[..<text.firstIndex(of: ":")!]
        }
        if let percent = text.firstIndex(of: "%") { text = text[..<percent] }
        if let v4 = Self.parseIPv4(text) {
            bytes = Array(repeating: 0, count: 10) + [0xFF, 0xFF] + v4
        } else if let v6 = Self.parseIPv6(text) {
            bytes = v6
        } else {
            return nil
        }
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), let value = UInt8(part) else { return nil }
            result.append(value)
        }
        return result
    }

    private static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":"), text.count <= 45 else { return nil }
        func groups(_ part: Substring, allowIPv4Tail: Bool) -> [UInt8]? {
            if part.isEmpty { return [] }
            var result: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowIPv4Tail, index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(piece) else { return nil }
                    result += v4
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                result += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return result
        }
        let halves = text.components(separatedBy: "::")
        switch halves.count {
        case 1:
            guard let all = groups(text, allowIPv4Tail: true), all.count == 16 else { return nil }
            return all
        case 2:
            guard let head = groups(Substring(halves[0]), allowIPv4Tail: false),
                  let tail = groups(Substring(halves[1]), allowIPv4Tail: true),
                  head.count + tail.count <= 14 else { return nil }
            return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
        default:
            return nil
        }
    }

    public var description: String {
        if isIPv4 { return bytes[12...].map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        // The longest run of two or more zero groups becomes "::" (RFC 5952).
        var best: (start: Int, length: Int) = (-1, 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        return hex[..<best.start].joined(separator: ":") + "::" + hex[(best.start + best.length)...].joined(separator: ":")
    }
}

/// A block of addresses: one address, or `address/prefix` (CIDR); an IPv4 prefix counts IPv4 bits.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    /// Leading bits of the 128-bit form that must match.
    public let prefixLength: Int

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]), !parts[0].contains("[") else { return nil }
        let width = address.isIPv4 ? 32 : 128
        var length = width
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIIDigit), let value = Int(parts[1]), value <= width else { return nil }
            length = value
        }
        self.address = address
        self.prefixLength = length + (address.isIPv4 ? 96 : 0)
    }

    public func contains(_ other: IPAddress) -> Bool {
        var remaining = prefixLength
        for index in 0..<16 where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if address.bytes[index] & mask != other.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String {
        "\(address)/\(address.isIPv4 ? prefixLength - 96 : prefixLength)"
    }
}

/// The reverse proxies whose `X-Forwarded-For` the server believes, and how it finds the client
/// address behind them.
///
/// The rule: the connection's own address is the client unless it is a trusted proxy. When it
/// is, `X-Forwarded-For` is read from the right (the hop the trusted proxy itself appended) to the
/// left, skipping trusted proxies; the first untrusted hop is the client. Hops further left were
/// written by the client and can say anything, so they are never used. A hop that is not an IP
/// address ends the walk at the proxy that reported it.
public struct TrustedProxies: Sendable, Hashable {
    public let networks: [IPNetwork]

    public init(networks: [IPNetwork]) { self.networks = networks }

    /// Reads addresses and CIDR blocks (`127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`); `invalid`
    /// names the first one that is neither.
    public init(_ specifications: [String]) throws {
        var networks: [IPNetwork] = []
        for specification in specifications {
            for item in specification.split(separator: ",") {
                guard let network = IPNetwork(item.trimmingASCIISpaces) else {
                    throw JunhengError.invalid(field: "trustedProxy", "“\(String(item).excerpt())”不是 IP 地址或网段（如 10.0.0.0/8）")
                }
                networks.append(network)
            }
        }
        self.networks = networks
    }

    /// Nobody: `X-Forwarded-For` is ignored.
    public static let none = TrustedProxies(networks: [])
    /// A proxy on the same machine (what `--trust-proxy` means).
    public static let loopback = TrustedProxies(networks: [IPNetwork("127.0.0.0/8")!, IPNetwork("::1")!])

    public var isEmpty: Bool { networks.isEmpty }

    public func trusts(_ address: IPAddress) -> Bool { networks.contains { $0.contains(address) } }

    /// The address to rate-limit by. `peer` is the connection's address (nil when unknown, as for
    /// a Unix socket); `forwardedFor` the values of every `X-Forwarded-For` field in order.
    public func clientAddress(peer: String?, forwardedFor: [String]) -> String {
        guard let peer else { return "unknown" }
        guard let peerAddress = IPAddress(peer) else { return peer }
        guard trusts(peerAddress) else { return peerAddress.description }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map(\.trimmingASCIISpaces).filter { !$0.isEmpty }
        var last = peerAddress
        for hop in hops.reversed() {
            guard let address = IPAddress(hop) else { return last.description }
            if !trusts(address) { return address.description }
            last = address
        }
        // Every hop is a trusted proxy: the left-most one is as close to the client as we know.
        return last.description
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension StringProtocol {
    var trimmingASCIISpaces: Substring {
        let sub = Substring(self)
        guard let first = sub.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = sub.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return sub[first...last]
    }
}
