import Demos
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
        let built = try shell(
            [
                "swift", "build", "--target", "ProcessGroups", "--scratch-path", scratch.path,
                "-Xswiftc", "-emit-symbol-graph", "-Xswiftc", "-emit-symbol-graph-dir", "-Xswiftc", rawGraphs.path,
                "-Xswiftc", "-symbol-graph-minimum-access-level", "-Xswiftc", "internal",
            ], in: root, log: buildLog)
        guard built == 0 else {
            print((try? String(contentsOf: buildLog, encoding: .utf8)) ?? "")
            throw WorkbookError("book: the build failed (log above, also in \(buildLog.path))")
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
        let converted = try shell(
            [
                docc(), "convert", catalog.path, "--additional-symbol-graph-dir", graphs.path,
                "--fallback-display-name", "PG2 Workbook", "--fallback-bundle-identifier", "org.pg2workbook.book",
                "--output-path", archive.path, "--transform-for-static-hosting",
            ], in: root, log: doccLog)
        let doccOutput = (try? String(contentsOf: doccLog, encoding: .utf8)) ?? ""
        guard converted == 0 else {
            print(doccOutput)
            throw WorkbookError("book: docc convert failed (log above, also in \(doccLog.path))")
        }
        let warnings = doccOutput.components(separatedBy: "\n").filter { $0.contains("warning:") }
        try? fileManager.removeItem(at: output)
        try fileManager.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fileManager.copyItem(at: archive, to: output)
        print("book: \(warnings.count) DocC warning(s) (all of them in \(doccLog.path))")
        print("book: written to \(output.path)")
        print("book: serve it with `python3 -m http.server -d \(output.lastPathComponent) 8000` and open"
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
        else { throw WorkbookError("book: \(file.lastPathComponent) is not a symbol graph") }
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
            try shell([executable, "demo", demo.name, "--seed", demo.seed, "--trace-dir", traces.path], in: scratch, log: log) == 0,
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
            let title = svg.range(of: "<title>").flatMap { open in
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

    static func shell(_ arguments: [String], in folder: URL, log: URL) throws -> Int32 {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// The generated catalog's pages, by file name.
struct BookCatalog {
    let root: URL
    let chapters: [ChapterManifest]
    /// The demos' diagrams, each shown in its chapter.
    var demos: [BookDemoDiagrams] = []

    /// The module of chapter `n`, and the symbol its overview is attached to.
    static let overviews: [(module: String, symbol: String)] = [
        ("Cluster", "Substrate"), ("LocalTable", "LocalTableChapter"), ("Monitors", "MonitorsChapter"),
        ("SingleNodeServer", "SingleNodeServerChapter"), ("GlobalLock", "GlobalLockChapter"),
        ("Replication", "ReplicationChapter"), ("Exchange", "ExchangeChapter"), ("PG", "PGChapter"),
    ]

    func pages() throws -> [(String, String)] {
        var pages: [(String, String)] = [("PG2-Workbook.md", try landing())]
        for chapter in chapters { pages.append(("Chapter\(chapter.chapter).md", try article(chapter))) }
        for rules in ["PG2Rules", "PGRules"] {
            pages.append(("\(rules).md", try String(contentsOf: root.appendingPathComponent("Chapters/\(rules).md"), encoding: .utf8)))
        }
        pages.append(("ErlangToSwift.md", try map()))
        return pages
    }

    /// The overview's doc comment, without the `/// ` prefixes.
    func essay(_ chapter: ChapterManifest) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent(chapter.prose), encoding: .utf8)
        return text.components(separatedBy: "\n").drop { !$0.hasPrefix("///") }.prefix { $0.hasPrefix("///") }
            .map { line in line == "///" ? "" : String(line.dropFirst(line.hasPrefix("/// ") ? 4 : 3)) }
    }

    /// The chapter's promise: the essay's first paragraph after its title, as one line.
    func promise(_ chapter: ChapterManifest) throws -> String {
        let lines = try essay(chapter).drop { !$0.hasPrefix("# ") }.dropFirst().drop { $0.isEmpty }.prefix { !$0.isEmpty }
        return lines.joined(separator: " ")
    }

    func landing() throws -> String {
        var text = """
            # PG2 Workbook

            @Metadata {
                @TechnologyRoot
            }

            Erlang's pg2, rebuilt in Swift one chapter at a time — and then OTP's pg beside it.

            ## Overview

            Each chapter is a module that builds on the one before, an essay (the chapter's page) and a few
            exercises you solve in `Exercises/`. Start with the chapter map:

            ```
            swift run workbook
            ```

            It shows where you stand and what to do next; `swift run workbook check 0.1` runs the first exercise's
            tests, `swift run workbook hint 0.1` gives its hints, gentlest first, and
            `swift run workbook demo partition-heal` replays a partition in the deterministic simulator.

            ### The learning path

            Chapter 0 is the substrate every later chapter stands on; chapters 1–6 build pg2, from one node's
            table to a cluster that heals after a partition; chapter 7 builds OTP's pg, pg2's successor.


            """
        for chapter in chapters {
            text += "\(chapter.chapter). <doc:Chapter\(chapter.chapter)> — \(try promise(chapter))\n"
        }
        text += """

            ## Topics

            ### Chapters


            """
        for chapter in chapters { text += "- <doc:Chapter\(chapter.chapter)>\n" }
        text += """

            ### The rules and the map

            - <doc:PG2Rules>
            - <doc:PGRules>
            - <doc:ErlangToSwift>

            ### The final module

            - ``ProcessGroups/ProcessGroups``
            - ``ProcessGroups/ProcessGroups/Scope``

            """
        return text
    }

    func article(_ chapter: ChapterManifest) throws -> String {
        let overview = Self.overviews[chapter.chapter]
        var text = """
            # Chapter \(chapter.chapter) — \(chapter.title)

            \(try promise(chapter))

            ## Overview

            The chapter's essay is the page of ``\(overview.module)/\(overview.symbol)``, in the module
            `\(overview.module)` (its source: `\(chapter.prose)`).

            ## Exercises

            Solve them in order; each is a file under `Exercises/\(chapter.folder)/`.

            | Exercise | File | Check it |
            |---|---|---|

            """
        for exercise in chapter.exercises {
            text += "| \(exercise.id) \(exercise.title) | `Exercises/\(chapter.folder)/\(exercise.file)` | `swift run workbook check \(exercise.id)` |\n"
        }
        for shown in demos where shown.demo.chapter == chapter.chapter {
            let demo = shown.demo
            text += """

                ## \(demo.heading)

                `swift run workbook demo \(demo.name) --seed \(demo.seed)` — \(demo.about) Its trace, phase by \
                phase (the same diagrams as the HTML page `--trace-dir` writes):


                """
            for diagram in shown.diagrams {
                let alt = diagram.title.replacingOccurrences(of: "[", with: "(").replacingOccurrences(of: "]", with: ")")
                text += "![\(alt)](\(diagram.file))\n\n"
            }
        }
        var around: [String] = []
        if chapter.chapter > 0 { around.append("Before it: <doc:Chapter\(chapter.chapter - 1)>.") }
        if chapter.chapter + 1 < chapters.count { around.append("Next: <doc:Chapter\(chapter.chapter + 1)>.") }
        around.append("All the chapters' pg2.erl names: <doc:ErlangToSwift>.")
        text += "\n" + around.joined(separator: " ") + "\n"
        text += "\n## Topics\n\n### The essay\n\n- ``\(overview.module)/\(overview.symbol)``\n"
        return text
    }

    /// The map: one table from every pg2.erl function (and the global.erl and pg.erl functions the
    /// chapters rebuild) to its Swift counterpart, chapter and file. The chapters' "The original"
    /// tables are excerpts of it (``mapProblems()`` checks that they agree).
    static let mapFile = "Chapters/ErlangToSwift.md"

    /// A row of the map: the chapter's number, the Erlang cell, the Swift cell (links qualified by
    /// module) and the files the Swift symbols are in.
    struct MapRow: Equatable {
        let chapter: Int
        let erlang: String
        let swift: String
        let files: [String]
    }

    /// The cells of a markdown table row, `| a | b |` → `["a", "b"]`.
    static func cells(_ row: String) -> [String] {
        var row = Substring(row.trimmingCharacters(in: .whitespaces))
        if row.hasPrefix("|") { row = row.dropFirst() }
        if row.hasSuffix("|") { row = row.dropLast() }
        return row.components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The map's rows, in order.
    func mapRows() throws -> [MapRow] {
        let text = try String(contentsOf: root.appendingPathComponent(Self.mapFile), encoding: .utf8)
        return text.components(separatedBy: "\n").compactMap { line in
            let cells = Self.cells(line)
            guard line.hasPrefix("| "), cells.count == 4, let chapter = Int(cells[0]) else { return nil }
            let files = cells[3].components(separatedBy: ", ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
            return MapRow(chapter: chapter, erlang: cells[1], swift: cells[2], files: files.filter { !$0.isEmpty })
        }
    }

    /// The rows of chapter `chapter`'s "The original" table, as (Erlang cell, Swift cell), its links
    /// qualified by the chapter's module.
    func originalRows(_ chapter: ChapterManifest) throws -> [(erlang: String, swift: String)] {
        let module = Self.overviews[chapter.chapter].module
        let lines = try essay(chapter).drop { !$0.hasPrefix("## The original") }.dropFirst()
            .prefix { $0.hasPrefix("|") }.dropFirst(2)
        return lines.map { line in
            let cells = Self.cells(qualify(line, module: module))
            return (cells.first ?? "", cells.dropFirst().joined(separator: " | "))
        }
    }

    /// The map's page: the table of ``mapFile``, each chapter number a link to its page.
    func map() throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent(Self.mapFile), encoding: .utf8)
        return text.components(separatedBy: "\n").map { line in
            let cells = Self.cells(line)
            guard line.hasPrefix("| "), cells.count == 4, let chapter = Int(cells[0]) else { return line }
            return "| <doc:Chapter\(chapter)> | " + cells.dropFirst().joined(separator: " | ") + " |"
        }.joined(separator: "\n")
    }

    /// Where the map and the chapters disagree: a chapter's "original" row that is not a row of
    /// the map under that chapter, word for word; a file the map names that does not exist; a
    /// symbol it links that is declared in none of its row's files. Empty when all agree.
    func mapProblems() throws -> [String] {
        let rows = try mapRows()
        var problems: [String] = []
        for chapter in chapters {
            for (erlang, swift) in try originalRows(chapter)
            where !rows.contains(where: { $0.chapter == chapter.chapter && $0.erlang == erlang && $0.swift == swift }) {
                problems.append("chapter \(chapter.chapter)'s row \(erlang) → \(swift) is not in \(Self.mapFile)")
            }
        }
        for row in rows {
            let sources = row.files.map { root.appendingPathComponent($0) }
            let texts = sources.compactMap { try? String(contentsOf: $0, encoding: .utf8) }
            if texts.count < sources.count { problems.append("\(row.erlang): a file of \(row.files) is missing") }
            let links = row.swift.components(separatedBy: "``").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            for link in links where !texts.contains(where: { Self.declares($0, link) }) {
                problems.append("\(row.erlang): ``\(link)`` is declared in none of \(row.files)")
            }
        }
        return problems
    }

    /// Whether `source` declares the last component of the symbol link `link`: a type for
    /// `Module/Type`, a function, property or case (or an `init`) for a longer path.
    static func declares(_ source: String, _ link: String) -> Bool {
        let path = link.components(separatedBy: "/")
        let name = String(path.last?.prefix { $0 != "(" } ?? "")
        guard !name.isEmpty else { return false }
        if path.count <= 2 {
            let kinds = ["struct", "class", "actor", "enum", "protocol", "typealias"]
            return kinds.contains { kind in
                source.contains("\(kind) \(name) ") || source.contains("\(kind) \(name):")
                    || source.contains("\(kind) \(name)<") || source.contains("\(kind) \(name) =")
            }
        }
        if name == "init" { return source.contains("init(") }
        return ["func", "var", "let", "case"].contains { kind in
            ["(", " ", ":", "<", "\n"].contains { source.contains("\(kind) \(name)\($0)") }
        }
    }

    /// Prefixes the module to each double-backtick link that does not already start with one.
    func qualify(_ line: String, module: String) -> String {
        let parts = line.components(separatedBy: "``")
        return parts.enumerated().map { index, part in
            guard index % 2 == 1 else { return part }
            let first = String(part.prefix { $0 != "/" })
            return Book.modules.contains(first) ? part : "\(module)/\(part)"
        }.joined(separator: "``")
    }
}

/// A demo the book shows in a chapter, run with seed 42; what it shows is the demo's own summary.
struct BookDemo {
    let chapter: Int
    let name: String
    let heading: String
    var seed: String { "42" }
    var about: String { (DemoCatalog.named(name)?.summary).map { $0.prefix(1).uppercased() + $0.dropFirst() + "." } ?? "" }
}

/// A demo's diagrams, as written into the catalog.
struct BookDemoDiagrams {
    let demo: BookDemo
    let diagrams: [(file: String, title: String)]
}
