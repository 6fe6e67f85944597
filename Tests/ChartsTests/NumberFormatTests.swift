import Testing

@testable import Charts

@Test func fixedDecimalsRoundAndGroup() {
    #expect(Digits.fixed(12.3, fractionDigits: 2) == "12.30")
    #expect(Digits.fixed(-0.004, fractionDigits: 2) == "0.00")
    #expect(Digits.fixed(-2.5, fractionDigits: 0) == "-3")
    #expect(Digits.fixed(1234.5, fractionDigits: 0) == "1235")
    #expect(Digits.fixed(12345.678, fractionDigits: 1) == "12,345.7")
    #expect(Digits.fixed(-1_234_567, fractionDigits: 0) == "-1,234,567")
    #expect(Digits.fixed(0.05, fractionDigits: 3) == "0.050")
}

@Test func compactFormDropsFloatingPointNoise() {
    #expect(Digits.compact(12.300000001) == "12.3")
    #expect(Digits.compact(0.1 + 0.2) == "0.3")
    #expect(Digits.compact(-0.001) == "0")
    #expect(Digits.compact(640) == "640")
}

@Test func scientificFormForMagnitudesBeyondThePrefixes() {
    #expect(Digits.scientific(1.5e-7) == "1.5e-7")
    #expect(Digits.scientific(-2.346e20) == "-2.35e20")
    #expect(Digits.scientific(9.996e5) == "1e6")
    #expect(Digits.scientific(0) == "0")
    #expect(Digits.fixed(1e30, fractionDigits: 2) == "1e30")
}

@Test func decimalExponentIsExactAtPowersOfTen() {
    #expect(Digits.exponent(of: 1) == 0)
    #expect(Digits.exponent(of: 999.999) == 2)
    #expect(Digits.exponent(of: 1000) == 3)
    #expect(Digits.exponent(of: -0.001) == -3)
    #expect(Digits.exponent(of: 1e-100) == -100)
    #expect(Digits.exponent(of: 1e100) == 100)
}

@Test func valueLabelsShareOneNumberOfDecimals() {
    let rates = NumberStyle(values: [95, 96.5, 97])
    #expect([95, 96.5, 97].map(rates.format) == ["95.0", "96.5", "97.0"])
    let ginis = NumberStyle(values: [0.4, 0.3])
    #expect([0.4, 0.3].map(ginis.format) == ["0.4", "0.3"])
    let precise = NumberStyle(values: [0.26667, 0.1])
    #expect(precise.format(0.26667) == "0.2667")
    let fixed = NumberStyle(values: [95, 96.5], fractionDigits: 2)
    #expect(fixed.format(95) == "95.00")
}

@Test func largeValuesUseChineseMagnitudeWords() {
    let budget = NumberStyle(values: [3e8, 1.2e9])
    #expect(budget.format(3e8) == "3亿" && budget.format(1.2e9) == "12亿")
    let national = NumberStyle(values: [2.5e12])
    #expect(national.format(2.5e12) == "2.5万亿")
    #expect(NumberStyle(values: [12_345]).format(12_345) == "12,345")
    #expect(NumberStyle(values: [3e20]).format(3e20) == "3e20")
    #expect(NumberStyle(values: [2e-6]).format(2e-6) == "2e-6")
    #expect(budget.format(0) == "0")
}

@Test func axisTicksCarryTheMagnitudeWordToo() {
    let scale = NiceScale(from: 0, to: 4e8)
    let labels = scale.ticks.map(NumberStyle(ticks: scale).format)
    #expect(labels == ["0", "1亿", "2亿", "3亿", "4亿"])
}

@Test func textIsEscapedForElementsAndAttributes() {
    #expect(
        xmlEscaped(#"<script>alert("x")</script> & 'q'"#)
            == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;q&apos;")
    #expect(xmlEscaped("县\u{0}名\u{1B}\n第二行\u{FFFF}") == "县名 第二行")
}

@Test func longTextIsCutToFit() {
    let name = "一个名字非常非常非常长的县级行政区"
    let fitted = TextMetrics.fitted(name, maxWidth: 100, size: 12)
    #expect(fitted.hasSuffix("…") && fitted.count < name.count)
    #expect(TextMetrics.width(fitted, size: 12) <= 100)
    #expect(TextMetrics.fitted("威县", maxWidth: 100, size: 12) == "威县")
}

@Test func spreadApartKeepsOrderAndGap() {
    #expect(spreadApart([100, 104, 50], gap: 13) == [100, 113, 50])
    #expect(spreadApart([10, 10, 10], gap: 5) == [10, 15, 20])
}
