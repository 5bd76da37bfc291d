import Foundation

/// `workbook book [--output DIR]`: the chapters as a static DocC site, built by the toolchain's
/// `docc` (no package plugin, no network). It builds the chapter modules with symbol graphs in
/// `.build-book`, generates a catalog there (`Workbook.docc`: a landing page, one article per
/// chapter, the two rules articles and the pg2.erl → Swift map), and runs one `docc convert`
/// with static hosting into DIR (default `book/`).
enum Book {
    /// The modules the book documents, chapter 0 first, then the final module.
    static let modules = [
        "Cluster", "LocalTable", "Monitors", "SingleNodeServer", "GlobalLock", "Replication", "Exchange", "PG",
        "ProcessGroups",
    ]

    static func run(_ arguments: Arguments) throws -> Int32 {
        let root = try repositoryRoot()
        let output = URL(fileURLWithPath: arguments.value(after: "--output") ?? "book", relativeTo: root)
            .standardizedFileURL
        let scratch = root.appendingPathComponent(".build-book")
        let rawGraphs = scratch.appendingPathComponent("symbol-graphs-all")
        let graphs = scratch.appendingPathComponent("symbol-graphs")
        let catalog = scratch.appendingPathComponent("Workbook.docc")
        let archive = scratch.appendingPathComponent("Workbook.doccarchive")
        let fileManager = FileManager.default
        // The raw graphs stay: an up-to-date module is not recompiled, so its graph is not written again.
        for folder in [graphs, catalog, archive] { try? fileManager.removeItem(at: folder) }
        try fileManager.createDirectory(at: rawGraphs, withIntermediateDirectories: true)
        if try fileManager.contentsOfDirectory(atPath: rawGraphs.path).isEmpty {
            // No graphs yet (or lost): an up-to-date build would not write them, so build afresh.
            for name in try fileManager.contentsOfDirectory(atPath: scratch.path) where name != "symbol-graphs-all" {
                try fileManager.removeItem(at: scratch.appendingPathComponent(name))
            }
        }
        try fileManager.createDirectory(at: graphs, withIntermediateDirectories: true)
        try fileManager.createDirectory(at: catalog, withIntermediateDirectories: true)

        print("book: building the chapters with symbol graphs (in .build-book)…")
        let buildLog = scratch.appendingPathComponent("build.log")
        let built = try Launcher.run(
            [
                "swift", "build", "--target", "ProcessGroups", "--scratch-path", scratch.path,
                "-Xswiftc", "-emit-symbol-graph", "-Xswiftc", "-emit-symbol-graph-dir", "-Xswiftc", rawGraphs.path,
                "-Xswiftc", "-symbol-graph-minimum-access-level", "-Xswiftc", "internal",
            ], in: root, log: buildLog)
        guard built == 0 else {
            print((try? String(contentsOf: buildLog, encoding: .utf8)) ?? "")
            throw WorkbookError("the build failed (log above, also in \(buildLog.path))")
        }
        for name in try fileManager.contentsOfDirectory(atPath: rawGraphs.path) where name.hasSuffix(".symbols.json") {
            let module = String(name.prefix { $0 != "." && $0 != "@" })
            guard modules.contains(module) else { continue }
            let source = rawGraphs.appendingPathComponent(name), target = graphs.appendingPathComponent(name)
            if name == "ProcessGroups.symbols.json" {
                try withoutReexportedCluster(source).write(to: target)
            } else {
                try fileManager.copyItem(at: source, to: target)
            }
        }

        let chapters = try ChapterManifest.loadAll(root: root)
        var shown: [BookDemoDiagrams] = []
        for demo in demos {
            let diagrams = try demoDiagrams(demo, scratch: scratch, catalog: catalog)
            if !diagrams.isEmpty { shown.append(BookDemoDiagrams(demo: demo, diagrams: diagrams)) }
        }
        for (name, text) in try BookCatalog(root: root, chapters: chapters, demos: shown).pages() {
            try text.write(to: catalog.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }

        print("book: docc convert…")
        let doccLog = scratch.appendingPathComponent("docc.log")
        let converted = try Launcher.run(
            [
                docc(), "convert", catalog.path, "--additional-symbol-graph-dir", graphs.path,
                "--fallback-display-name", "PG2 Workbook", "--fallback-bundle-identifier", "org.pg2workbook.book",
                "--output-path", archive.path, "--transform-for-static-hosting",
            ], in: root, log: doccLog)
        let doccOutput = (try? String(contentsOf: doccLog, encoding: .utf8)) ?? ""
        guard converted == 0 else {
            print(doccOutput)
            throw WorkbookError("docc convert failed (log above, also in \(doccLog.path))")
        }
        let warnings = doccOutput.components(separatedBy: "\n").filter { $0.contains("warning:") }
        try? fileManager.removeItem(at: output)
        try fileManager.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fileManager.copyItem(at: archive, to: output)
        print("book: \(warnings.count) DocC warning(s) (all of them in \(doccLog.path))")
        print("book: written to \(output.path)")
        print(
            "book: serve it with `python3 -m http.server -d \(output.lastPathComponent) 8000` and open"
                + " http://localhost:8000/documentation/pg2-workbook")
        return 0
    }

    /// ProcessGroups re-exports Cluster (`@_exported import`), so its symbol graph repeats Cluster's
    /// symbols; with both graphs DocC picks either module's copy for `Node`, `Pid`…, from run to run,
    /// and links break. This drops the copies: every symbol whose identifier names a Cluster symbol
    /// (`s:7Cluster…`, also inside a synthesized one's), and the relationships that start from one.
    static func withoutReexportedCluster(_ file: URL) throws -> Data {
        guard var graph = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any],
            let symbols = graph["symbols"] as? [[String: Any]],
            let relationships = graph["relationships"] as? [[String: Any]]
        else { throw WorkbookError("\(file.lastPathComponent) is not a symbol graph") }
        func isCluster(_ id: String) -> Bool { id.contains("s:7Cluster") }
        let kept = symbols.filter { symbol in
            let id = (symbol["identifier"] as? [String: Any])?["precise"] as? String ?? ""
            return !isCluster(id)
        }
        graph["symbols"] = kept
        graph["relationships"] = relationships.filter { !isCluster($0["source"] as? String ?? "") }
        return try JSONSerialization.data(withJSONObject: graph)
    }

    /// The demos whose traces the book shows, each in its chapter, with their seed.
    static let demos: [BookDemo] = [
        BookDemo(chapter: 0, name: "tour", heading: "The demo: a tour of the substrate"),
        BookDemo(chapter: 2, name: "member-dies", heading: "The demo: a member dies"),
        BookDemo(chapter: 4, name: "lock-contention", heading: "The demo: one lock, three writers"),
        BookDemo(chapter: 5, name: "join", heading: "The demo: one join, three rounds"),
        BookDemo(chapter: 6, name: "partition-heal", heading: "The demo: a partition heals"),
        BookDemo(chapter: 6, name: "anomaly-a1", heading: "The demo: anomaly A1"),
        BookDemo(chapter: 7, name: "pg-heal", heading: "The demo: pg after a heal"),
    ]

    /// Runs `demo` with this same executable, and writes each phase's sequence diagram from its
    /// HTML trace as a standalone SVG (the page's style sheet inside) into the catalog. Returns the
    /// files' names with their titles; none if the demo cannot run.
    static func demoDiagrams(_ demo: BookDemo, scratch: URL, catalog: URL) throws -> [(file: String, title: String)] {
        let traces = scratch.appendingPathComponent("trace-\(demo.name)")
        try? FileManager.default.removeItem(at: traces)
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let log = scratch.appendingPathComponent("demo-\(demo.name).log")
        guard
            try Launcher.run(
                [executable, "demo", demo.name, "--seed", demo.seed, "--trace-dir", traces.path], in: scratch, log: log)
                == 0,
            let page = try? String(contentsOf: traces.appendingPathComponent("trace.html"), encoding: .utf8),
            let styleStart = page.range(of: "<style>"), let styleEnd = page.range(of: "</style>")
        else {
            print("book: no trace diagrams for \(demo.name) (the demo did not run; see \(log.path))")
            return []
        }
        let style = page[styleStart.upperBound..<styleEnd.lowerBound]
        var diagrams: [(file: String, title: String)] = []
        var rest = page[...]
        while let start = rest.range(of: "<svg xmlns="), let end = rest[start.lowerBound...].range(of: "</svg>") {
            let svg = String(rest[start.lowerBound..<end.upperBound])
            rest = rest[end.upperBound...]
            guard svg.contains("role=\"img\""), let tagEnd = svg.firstIndex(of: ">") else { continue }
            let title =
                svg.range(of: "<title>").flatMap { open in
                    svg[open.upperBound...].range(of: "</title>").map { String(svg[open.upperBound..<$0.lowerBound]) }
                } ?? demo.name
            let file = "\(demo.name)-\(diagrams.count + 1).svg"
            let standalone = svg[...tagEnd] + "<style>\(style)</style>" + svg[svg.index(after: tagEnd)...]
            try String(standalone).write(to: catalog.appendingPathComponent(file), atomically: true, encoding: .utf8)
            diagrams.append((file, title))
        }
        return diagrams
    }

    /// The toolchain's docc: beside `swift` on the PATH, or `/opt/swift/usr/bin/docc`.
    static func docc() -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") + ["/opt/swift/usr/bin"] {
            let candidate = "\(folder)/docc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "docc"
    }
}
