import JunhengCore
import Testing
import TextFormats

/// Issue 16, items 8, 9 and 11: whose `X-Forwarded-For` is believed, where a sign-in may return
/// to, and how much of a bad value an error message repeats.
@Suite("Login safety rules")
struct LoginSafetyTests {
    // MARK: addresses

    @Test func addressesParseInTheFormsProxiesWrite() {
        #expect(IPAddress("203.0.113.7")?.description == "203.0.113.7")
        #expect(IPAddress(" 203.0.113.7:51234 ")?.description == "203.0.113.7")
        #expect(IPAddress("2001:DB8::1")?.description == "2001:db8::1")
        #expect(IPAddress("[2001:db8::1]:443")?.description == "2001:db8::1")
        #expect(IPAddress("::ffff:203.0.113.7")?.description == "203.0.113.7")
        #expect(IPAddress("fe80::1%eth0")?.description == "fe80::1")
        #expect(IPAddress("::1")?.description == "::1")
        #expect(IPAddress("::")?.description == "::")
        for bad in ["", "unknown", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01234.1.1.1", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9",
                    "12345::", "[::1", "[::1]x", "evil.example", "-1.2.3.4"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func networksMatchTheirPrefix() throws {
        let private10 = try #require(IPNetwork("10.0.0.0/8"))
        #expect(private10.contains(IPAddress("10.255.1.2")!))
        #expect(!private10.contains(IPAddress("11.0.0.1")!))
        #expect(IPNetwork("192.168.1.0/23")!.contains(IPAddress("192.168.0.9")!))
        #expect(!IPNetwork("192.168.1.0/24")!.contains(IPAddress("192.168.0.9")!))
        #expect(IPNetwork("fd00::/8")!.contains(IPAddress("fd12::3")!))
        #expect(!IPNetwork("fd00::/8")!.contains(IPAddress("fe12::3")!))
        #expect(IPNetwork("127.0.0.1")!.contains(IPAddress("::ffff:127.0.0.1")!))
        // An IPv4 block never holds an IPv6 address that merely shares leading bits.
        #expect(!IPNetwork("0.0.0.0/0")!.contains(IPAddress("2001:db8::1")!))
        #expect(IPNetwork("0.0.0.0/0")!.contains(IPAddress("8.8.8.8")!))
        for bad in ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "[::1]/128", "host"] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
        #expect(throws: JunhengError.self) { try TrustedProxies(["10.0.0.0/8", "proxy.local"]) }
        #expect(try TrustedProxies(["10.0.0.1, 10.0.0.2", "::1"]).networks.count == 3)
    }

    @Test func forwardedForIsIgnoredUnlessTheConnectionComesFromATrustedProxy() {
        let spoofed = ["198.51.100.66"]
        #expect(TrustedProxies.none.clientAddress(peer: "203.0.113.7", forwardedFor: spoofed) == "203.0.113.7")
        #expect(TrustedProxies.loopback.clientAddress(peer: "203.0.113.7", forwardedFor: spoofed) == "203.0.113.7")
        #expect(TrustedProxies.none.clientAddress(peer: nil, forwardedFor: spoofed) == "unknown")
    }

    @Test func theClientIsTheRightMostHopThatIsNotATrustedProxy() throws {
        let proxies = try TrustedProxies(["127.0.0.1", "10.0.0.0/8"])
        // The client wrote the left part; our proxies appended the rest.
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["6.6.6.6, 203.0.113.7"]) == "203.0.113.7")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["6.6.6.6, 203.0.113.7, 10.1.2.3"]) == "203.0.113.7")
        // Several header fields are one list, in order.
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["6.6.6.6", "203.0.113.7", "10.1.2.3"]) == "203.0.113.7")
        // The client cannot pretend to be a proxy further left, nor rotate its address there.
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["10.9.9.9, 203.0.113.7"]) == "203.0.113.7")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.1.1.\(Int.random(in: 1...254)), 203.0.113.7"])
                == "203.0.113.7")
        // No header: the proxy itself; only proxies: the left-most of them.
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["10.0.0.2, 10.0.0.3"]) == "10.0.0.2")
        // A hop that is no address ends the walk at the proxy that passed it on.
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.7, garbage"]) == "127.0.0.1")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["garbage, 10.0.0.4"]) == "10.0.0.4")
        // IPv6 and ports as proxies write them.
        #expect(proxies.clientAddress(peer: "::ffff:10.0.0.4", forwardedFor: ["[2001:db8::7]:4711"]) == "2001:db8::7")
    }

    // MARK: redirects after sign-in

    @Test func onlyPathsOnThisSiteAreFollowedAfterSignIn() {
        for good in ["/", "/plans", "/plans/3?region=130500&year=2024", "/search?q=%E4%B8%B4%E5%9F%8E", "/a/b#c", "/100%"] {
            #expect(TextSafety.safeRedirectPath(good) == good, "\(good)")
        }
        let bad = [
            nil, "", "https://evil.example/", "http:/evil.example", "javascript:alert(1)", "evil.example", "//evil.example",
            "///evil.example", "/\\evil.example", "\\/evil.example", "\\\\evil.example", "/\t/evil.example",
            "/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "/%0D%0A/evil.example", "%2F%2Fevil.example",
            "/%2F/evil.example", "/%5C/evil.example", "/%5cevil.example", "/%2509/evil.example", "/%252F%252Fevil.example",
            "/\r\n/evil.example", "/\u{0}/evil.example", " /evil", "/ /evil", "/\u{7F}/evil.example", "/\u{85}/evil",
            "/\u{2028}/evil", "/％2F/evil", String(repeating: "/a", count: 1001),
        ]
        for next in bad {
            #expect(TextSafety.safeRedirectPath(next) == "/", "\(String(describing: next))")
        }
    }

    // MARK: excerpts

    @Test func errorMessagesRepeatAShortExcerpt() {
        #expect("短".excerpt() == "短")
        let long = String(repeating: "长", count: 45)
        #expect(long.excerpt() == String(repeating: "长", count: 40) + "…")
        #expect(String(repeating: "x", count: 40).excerpt() == String(repeating: "x", count: 40))
        #expect("a\nb\tc\u{0}d".excerpt() == "a b c d")
        #expect("abcdef".excerpt(3) == "abc…")
        #expect("a\u{0}b".containsNUL && !"ab".containsNUL)
    }
}
