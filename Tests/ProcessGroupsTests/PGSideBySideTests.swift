import Demos
import Foundation
import ProcessGroups
import Testing

/// Rule V3 of Chapters/PGRules.md, side by side with Chapters/PG2Rules.md's anomalies: chapter 6's
/// scenarios A1–A4 and OTP's otp_8653, run on pg2 and on pg (``SideBySide``). The table they
/// build is the one in chapter 7's prose (Chapters/07-PG/PG.swift) and in the README.
@Suite struct PGSideBySideTests {
    static let expected = """
        | scenario | pg2 (chapter 6) | pg (chapter 7) |
        |---|---|---|
        | A1: g emptied on one side of a partition (pg2: deleted), then the heal |\
         no — g is back on every node | yes |
        | A2: p leaves g while only the a–b link is cut, then the mend | no — a and b list p, c does not | yes |
        | A3: p joins g twice while only the a–b link is cut, then the mend |\
         no — a and b count p once, c twice | yes |
        | A4: p leaves g while the a–b link is being mended (17 timings) |\
         no — 4 of 17 timings leave p listed somewhere | yes, in every timing |
        | otp_8653: 2+2 partition, each node joins its own process twice, heal |\
         yes — 8 entries on every node | yes — 8 entries on every node |
        """

    /// Where the repository's files are.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func pgEndsConsistentWherePg2DoesNot() async throws {
        let outcomes = try await SideBySide.outcomes()
        let table = SideBySide.table(outcomes)
        #expect(table == Self.expected, "seed \(SideBySide.seed): the runs gave\n\(table)")
        for outcome in outcomes where outcome.module == .pg {
            #expect(outcome.consistent, "pg, \(outcome.scenario): \(outcome.views) — seed \(SideBySide.seed)")
        }
    }

    @Test func theChapterAndTheReadmeShowTheSameTable() throws {
        let prose = try String(contentsOf: Self.root.appendingPathComponent("Chapters/07-PG/PG.swift"), encoding: .utf8)
        let asDocComment = Self.expected.split(separator: "\n").map { "/// " + $0 }.joined(separator: "\n")
        #expect(prose.contains(asDocComment), "Chapters/07-PG/PG.swift: the side-by-side table differs from the runs'")
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(Self.expected), "README.md: the side-by-side table differs from the runs'")
    }
}
