import Foundation
import Testing

/// The rules the codebase keeps so that it reads as well as its prose, checked over the files
/// themselves: chapter code reads like the Erlang it explains, without the substrate's Swift
/// plumbing; and every test helper has one definition, in one test target or test kit.
@Suite struct HouseRulesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The Swift files under `folder` (relative to the package root), recursively, sorted.
    static func swiftFiles(under folder: String) -> [URL] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            .sorted { $0.path < $1.path }
    }

    /// The folders whose files make one test target or test kit each: every `Tests/<Target>`, every
    /// chapter's `Tests/Chapters/<folder>` and `Tests/Exercises/<folder>`, and every
    /// `Sources/<Name>TestKit`. (`Tests/ConsumerPackage` is a package of its own.)
    static func testTargets() throws -> [String] {
        let manager = FileManager.default
        func folders(_ parent: String) throws -> [String] {
            try manager.contentsOfDirectory(atPath: root.appendingPathComponent(parent).path).sorted()
                .filter { name in
                    var isFolder: ObjCBool = false
                    let path = root.appendingPathComponent(parent).appendingPathComponent(name).path
                    return manager.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
                }
                .map { "\(parent)/\($0)" }
        }
        let tests = try folders("Tests").filter {
            !["Tests/Chapters", "Tests/Exercises", "Tests/ConsumerPackage"].contains($0)
        }
        let kits = try folders("Sources").filter { $0.hasSuffix("TestKit") }
        return tests + (try folders("Tests/Chapters")) + (try folders("Tests/Exercises")) + kits
    }

    /// The helpers a file defines at file scope: its free functions (`name`) and the methods its
    /// extensions add (`Type.name`). Members of types the file declares are the types' own.
    static func helpers(in text: String) -> Set<String> {
        var names: Set<String> = []
        var extended: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("extension ") {
                extended = line.dropFirst("extension ".count).split(whereSeparator: { " :<{".contains($0) }).first
                    .map(String.init)
            } else if line.hasPrefix("}") {
                extended = nil
            }
            let indent = extended == nil ? "" : "    "
            guard line.hasPrefix(indent), !line.dropFirst(indent.count).hasPrefix(" ") else { continue }
            var words = line.dropFirst(indent.count).split(separator: " ")
            while let first = words.first, ["public", "package", "static", "mutating", "@Sendable"].contains(first) {
                words.removeFirst()
            }
            guard words.count > 1, words[0] == "func" else { continue }
            let name = String(words[1].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            names.insert(extended.map { "\($0).\(name)" } ?? name)
        }
        return names
    }

    @Test("No chapter file uses the substrate's plumbing: [weak, withExtendedLifetime, whenLocal, node.spawn")
    func chaptersReadLikeTheErlangTheyExplain() throws {
        for file in Self.swiftFiles(under: "Chapters") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for plumbing in ["[weak ", "withExtendedLifetime", "whenLocal", "node.spawn("] {
                #expect(!text.contains(plumbing), "\(file.lastPathComponent) contains \(plumbing)")
            }
        }
    }

    @Test("No test helper is defined in more than one test target or test kit")
    func everyTestHelperHasOneHome() throws {
        var homes: [String: [String]] = [:]
        let targets = try Self.testTargets()
        #expect(targets.count > 15, "found only \(targets)")
        for target in targets {
            var names: Set<String> = []
            for file in Self.swiftFiles(under: target) {
                names.formUnion(Self.helpers(in: try String(contentsOf: file, encoding: .utf8)))
            }
            for name in names { homes[name, default: []].append(target) }
        }
        let twice = homes.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
        #expect(twice.isEmpty, "\(twice.map { "\($0.key): \($0.value.joined(separator: ", "))" })")
    }

    /// The folders whose public operations must state their cost: every library target — the
    /// chapters, the substrate, the final module, the real host, distributed Erlang, the anomalies
    /// and demos, the test kits, the seeded generator, the interop harness, the exercises' support
    /// and the CLI — but not the reader's exercises, which are theirs to write.
    static let apiFolders = [
        "Chapters", "Sources/Cluster", "Sources/ProcessGroups", "Sources/RealNodes", "Sources/ErlangDist",
        "Sources/Anomalies", "Sources/Demos", "Sources/TestKit", "Sources/MonitorsTestKit", "Sources/GlobalLockTestKit",
        "Sources/ReplicationTestKit", "Sources/PGTestKit", "Sources/SeededRandom", "Sources/InteropKit",
        "Sources/WorkbookSupport", "Sources/WorkbookCLI",
    ]

    /// The public functions, initialisers and subscripts of `text` whose doc comment (the `///`
    /// lines right above, attributes allowed in between) states no cost: no `O(`, no
    /// `Complexity`, no "cost". Each as `line: declaration`.
    static func operationsWithoutCost(in text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let kinds = ["func", "init", "init?", "init<", "subscript"]
        let modifiers: Set<String> = [
            "public", "static", "mutating", "nonisolated", "distributed", "override", "final", "convenience",
            "required", "@discardableResult",
        ]
        var missing: [String] = []
        for (index, line) in lines.enumerated() {
            let words = line.split(separator: " ").map(String.init)
            guard words.first == "public" else { continue }
            guard let kind = words.first(where: { !modifiers.contains($0) }),
                kinds.contains(where: { kind == $0 || kind.hasPrefix($0 + "(") || kind.hasPrefix("init<") })
            else { continue }
            var doc: [String] = []
            var above = index - 1
            while above >= 0 {
                let trimmed = lines[above].trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("///") || trimmed.hasPrefix("@") else { break }
                doc.append(trimmed)
                above -= 1
            }
            let comment = doc.joined(separator: " ")
            if !comment.contains("O(") && !comment.contains("Complexity") && !comment.lowercased().contains("cost") {
                missing.append("\(index + 1): \(line.trimmingCharacters(in: .whitespaces).prefix(100))")
            }
        }
        return missing
    }

    @Test("Every public operation of the API states its cost in its doc comment")
    func everyPublicOperationStatesItsCost() throws {
        var missing: [String] = []
        var checked = 0
        for folder in Self.apiFolders {
            for file in Self.swiftFiles(under: folder) {
                let text = try String(contentsOf: file, encoding: .utf8)
                checked += text.components(separatedBy: "\n    public ").count
                let relative = file.path.replacingOccurrences(of: Self.root.path + "/", with: "")
                missing += Self.operationsWithoutCost(in: text).map { "\(relative):\($0)" }
            }
        }
        #expect(checked > 300, "read only \(checked) public declarations")
        #expect(missing.isEmpty, "\(missing.count) without a cost:\n\(missing.joined(separator: "\n"))")
    }

    @Test("The cost reader sees doc comments above attributes, and every kind of operation")
    func theCostReaderSeesWhatItShould() {
        let text = """
            /// Joins. O(1).
            @discardableResult
            public func join() -> Bool { true }
            /// Leaves.
            public mutating func leave() {}
            public init() {}
            /// - Complexity: O(n).
            public static func make() {}
            /// What it costs: one message.
            public nonisolated func ping() {}
            public var notAnOperation: Int { 0 }
            """
        let missing = Self.operationsWithoutCost(in: text)
        #expect(missing.count == 2 && missing[0].hasPrefix("5: public mutating func leave"), "\(missing)")
        #expect(missing.count == 2 && missing[1].hasPrefix("6: public init()"), "\(missing)")
    }

    @Test("The helper reader finds free functions and extension methods, and skips types' own members")
    func theHelperReaderSeesWhatItShould() {
        let text = """
            func pg2(_ node: Node) -> PG2 { PG2(node) }
            public func settle() {}
            extension Simulation {
                public func cluster() {}
                static func fresh() {}
                    func nested() {}
            }
            struct Planted {
                func join() {}
            }
            """
        #expect(Self.helpers(in: text) == ["pg2", "settle", "Simulation.cluster", "Simulation.fresh"])
    }
}
