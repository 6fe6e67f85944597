import Foundation
import JunhengApp
import Testing

/// Tokens are drawn and encoded by hand (they are made on every anonymous request): the encoding
/// must stay RFC 4648's URL-safe base64 without padding, byte for byte.
struct SecretsTests {
    @Test func urlSafeBase64MatchesFoundationsEncodingRewritten() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(Secrets.base64URL(bytes) == expected, "\(length) bytes")
        }
        #expect(Secrets.base64URL([0xFB, 0xFF]) == "-_8")
    }

    @Test func aTokenIs32RandomBytesInURLSafeBase64AfterItsPrefix() {
        let token = Secrets.randomToken(prefix: "jh_")
        #expect(token.hasPrefix("jh_") && token.count == 3 + 43)
        #expect(token.dropFirst(3).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        #expect(Set((0..<100).map { _ in Secrets.randomToken() }).count == 100)
    }
}
