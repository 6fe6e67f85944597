import Foundation
import Testing

@testable import JunhengCLI

/// Issue 17, part 6: the one progress bar of the long commands — its line, its estimate, how
/// seldom it redraws, and that it stays silent off a terminal or with --quiet.
@Suite struct ProgressTests {
    @Test func aLineShowsTheBarCountsPercentTimeAndEstimate() {
        let line = ProgressLine(label: "import a.csv", done: 412_345, total: 1_000_000, unit: "rows", elapsed: 6.2)
        #expect(line.text == "import a.csv [########------------] 412,345/1,000,000 rows 41% 0:06, ETA 0:09")
        #expect(ProgressLine(label: "store", done: 0, total: 3, unit: "plans", elapsed: 0).text
            == "store [--------------------] 0/3 plans 0% 0:00")
        #expect(ProgressLine(label: "import b.xlsx", done: 1_234, total: nil, unit: "rows", elapsed: 75).text
            == "import b.xlsx 1,234 rows 1:15")
    }

    @Test func theEstimateFollowsThePaceSoFarOnceThereIsOne() {
        #expect(ProgressLine(label: "", done: 250, total: 1_000, unit: "", elapsed: 10).eta == 30)
        #expect(ProgressLine(label: "", done: 0, total: 1_000, unit: "", elapsed: 10).eta == nil)
        #expect(ProgressLine(label: "", done: 10, total: 1_000, unit: "", elapsed: 0.1).eta == nil)
        #expect(ProgressLine(label: "", done: 10, total: nil, unit: "", elapsed: 10).eta == nil)
    }

    @Test func countsAndDurationsAreFormatted() {
        #expect(ProgressLine.count(0) == "0")
        #expect(ProgressLine.count(999) == "999")
        #expect(ProgressLine.count(1_000) == "1,000")
        #expect(ProgressLine.count(4_000_000) == "4,000,000")
        #expect(ProgressLine.duration(0.4) == "0:00")
        #expect(ProgressLine.duration(59.6) == "1:00")
        #expect(ProgressLine.duration(3_725) == "1:02:05")
    }

    @Test func redrawsAtMostTenTimesASecondButAlwaysTheLast() {
        var throttle = RedrawThrottle()
        let drawnAt = [(0, false), (0.05, false), (0.1, false), (0.15, false), (0.16, true)].map { time, isFinal in
            throttle.shouldDraw(at: time, isFinal: isFinal)
        }
        #expect(drawnAt == [true, false, true, false, true])
        // A million updates in a second draw about ten times.
        var drawn = 0
        var busy = RedrawThrottle()
        for index in 0..<1_000_000 where busy.shouldDraw(at: Double(index) / 1_000_000) { drawn += 1 }
        #expect(drawn == 10)
    }

    final class Written: @unchecked Sendable {
        var text = ""
    }

    @Test func aBarRedrawsInPlaceAndEndsItsLine() {
        let written = Written()
        let bar = ProgressBar("read", total: 2, unit: "files", quiet: false) { written.text += $0 }
        bar.update(1)
        bar.finish(2)
        #expect(written.text == "\rread [##########----------] 1/2 files 50% 0:00\rread [####################] 2/2 files 100% 0:00\n")
    }

    @Test func nothingIsDrawnWhenQuietOrOffATerminal() {
        let written = Written()
        let quiet = ProgressBar("read", total: 2, unit: "files", quiet: true) { written.text += $0 }
        quiet.update(1)
        quiet.finish(2)
        #expect(written.text.isEmpty)
        #expect(ProgressBar.output(quiet: false, isTerminal: false) { _ in } == nil)
        #expect(ProgressBar.output(quiet: true, isTerminal: true) { _ in } == nil)
        #expect(ProgressBar.output(quiet: false, isTerminal: true) { _ in } != nil)
    }
}
