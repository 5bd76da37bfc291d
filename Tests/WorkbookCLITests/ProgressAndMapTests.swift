import Foundation
import Testing

@testable import WorkbookCLI

@Suite struct ProgressAndMapTests {
    static let chapters = [
        ChapterManifest(
            chapter: 0, title: "The substrate", folder: "00-Substrate", prose: "Sources/Cluster/Substrate.swift",
            exercises: [
                .init(
                    id: "0.1", title: "Predict the DOWN", file: "DownPrediction.swift", suite: "DownPredictionTests",
                    hints: ["p"])
            ]),
        ChapterManifest(
            chapter: 1, title: "The local table", folder: "01-LocalTable",
            prose: "Chapters/01-LocalTable/LocalTable.swift",
            exercises: [
                .init(
                    id: "1.1", title: "Spot the broken table", file: "BrokenTable.swift", suite: "BrokenTableTests",
                    hints: ["a", "b"]),
                .init(
                    id: "1.2", title: "One list on every node", file: "OneListEverywhere.swift",
                    suite: "OneListEverywhereTests", hints: ["c"]),
            ]),
        ChapterManifest(
            chapter: 2, title: "Monitors", folder: "02-Monitors", prose: "Chapters/02-Monitors/Monitors.swift",
            exercises: [
                .init(
                    id: "2.1", title: "OTP-7277, replayed", file: "StrayLeave.swift", suite: "StrayLeaveTests",
                    hints: ["d"])
            ]),
    ]

    @Test("The next exercise is the first not yet passed, in book order — chapter 0 first")
    func theNextExerciseIsTheFirstNotYetPassedInBookOrder() {
        var progress = Progress()
        #expect(progress.next(in: Self.chapters)?.1.id == "0.1")
        progress.record("0.1", passed: true)
        #expect(progress.next(in: Self.chapters)?.1.id == "1.1")
        progress.record("1.1", passed: true)
        #expect(progress.next(in: Self.chapters)?.1.id == "1.2")
        progress.record("1.2", passed: true)
        progress.record("2.1", passed: true)
        #expect(progress.next(in: Self.chapters) == nil)
        progress.record("1.2", passed: false)
        #expect(progress.next(in: Self.chapters)?.1.id == "1.2", "a failed re-check makes it pending again")
    }

    @Test("Passed ids stay sorted numerically, chapter 0's first")
    func passedIdsStaySortedNumerically() {
        var progress = Progress()
        for id in ["1.10", "2.1", "1.2", "0.3", "1.2", "0.1"] { progress.record(id, passed: true) }
        #expect(progress.passed == ["0.1", "0.3", "1.2", "1.10", "2.1"])
    }

    @Test("Progress survives a save and a load")
    func progressSurvivesASaveAndALoad() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        var progress = Progress()
        progress.record("1.1", passed: true)
        try progress.save(to: root)
        #expect(Progress.load(from: root) == progress)
        #expect(Progress.load(from: root.appendingPathComponent("nowhere")) == Progress())
    }

    @Test("The map marks done, next and pending, and says what to open")
    func theMapMarksDoneNextAndPendingAndSaysWhatToOpen() {
        var progress = Progress()
        progress.record("0.1", passed: true)
        progress.record("1.1", passed: true)
        let map = ChapterMap.render(Self.chapters, progress: progress)
        #expect(map.contains("(2 of 4 exercises done)"))
        #expect(
            map.contains(
                "Chapter 0 — The substrate\n    read: Sources/Cluster/Substrate.swift\n    ✓ 0.1 Predict the DOWN"))
        #expect(map.range(of: "Chapter 0")!.lowerBound < map.range(of: "Chapter 1")!.lowerBound)
        #expect(map.contains("✓ 1.1 Spot the broken table"))
        #expect(map.contains("→ 1.2 One list on every node"))
        #expect(map.contains("· 2.1 OTP-7277, replayed"))
        #expect(map.contains("read: Chapters/02-Monitors/Monitors.swift"))
        #expect(map.contains("open   Exercises/01-LocalTable/OneListEverywhere.swift"))
        #expect(map.contains("swift run workbook check 1.2"))
    }

    @Test("The map of a new workbook starts at exercise 0.1")
    func theMapOfANewWorkbookStartsAtChapterZero() {
        let map = ChapterMap.render(Self.chapters, progress: Progress())
        #expect(map.contains("→ 0.1 Predict the DOWN"))
        #expect(map.contains("open   Exercises/00-Substrate/DownPrediction.swift"))
        #expect(map.contains("swift run workbook check 0.1"))
    }

    @Test("The map of a finished workbook says so")
    func theMapOfAFinishedWorkbookSaysSo() {
        var progress = Progress()
        for id in ["0.1", "1.1", "1.2", "2.1"] { progress.record(id, passed: true) }
        #expect(ChapterMap.render(Self.chapters, progress: progress).contains("Every exercise is done"))
    }

    @Test("The real manifests load, from chapter 0 on, and name files that exist")
    func theRealManifestsLoadAndNameFilesThatExist() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let chapters = try ChapterManifest.loadAll(root: root)
        #expect(chapters.map(\.chapter) == Array(0..<chapters.count))
        #expect(chapters.first?.prose == "Sources/Cluster/Substrate.swift")
        #expect(chapters.first?.testModule == "SubstrateExercisesTests")
        for chapter in chapters {
            let tests = root.appendingPathComponent("Tests/Exercises/\(chapter.folder)").path
            #expect(FileManager.default.fileExists(atPath: tests), "\(tests)")
        }
        for chapter in chapters {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(chapter.prose).path))
            for exercise in chapter.exercises {
                let stub = root.appendingPathComponent(chapter.path(of: exercise)).path
                let answer = root.appendingPathComponent("Solutions/\(chapter.folder)/\(exercise.file)").path
                #expect(FileManager.default.fileExists(atPath: stub), "\(stub)")
                #expect(FileManager.default.fileExists(atPath: answer), "\(answer)")
                #expect(!exercise.hints.isEmpty)
                #expect(exercise.id.hasPrefix("\(chapter.chapter)."))
            }
        }
    }
}
