import Demos
import Foundation

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
            pages.append(
                (
                    "\(rules).md",
                    try String(contentsOf: root.appendingPathComponent("Chapters/\(rules).md"), encoding: .utf8)
                ))
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
        let lines = try essay(chapter).drop { !$0.hasPrefix("# ") }.dropFirst().drop { $0.isEmpty }.prefix {
            !$0.isEmpty
        }
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

            Solve them in order; each is a file under `\(chapter.stubFolder)/`.

            | Exercise | File | Check it |
            |---|---|---|

            """
        for exercise in chapter.exercises {
            text +=
                "| \(exercise.id) \(exercise.title) | `\(chapter.path(of: exercise))` "
                + "| `swift run workbook check \(exercise.id)` |\n"
        }
        for shown in demos where shown.demo.chapter == chapter.chapter {
            let demo = shown.demo
            text += """

                ## \(demo.heading)

                `swift run workbook demo \(demo.name) --seed \(demo.seed)` — \(demo.about) Its trace, phase by \
                phase (the same diagrams as the HTML page `--trace-dir` writes):


                """
            for diagram in shown.diagrams {
                let alt = diagram.title.replacingOccurrences(of: "[", with: "(").replacingOccurrences(
                    of: "]", with: ")")
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
    var about: String {
        (DemoCatalog.named(name)?.summary).map { $0.prefix(1).uppercased() + $0.dropFirst() + "." } ?? ""
    }
}

/// A demo's diagrams, as written into the catalog.
struct BookDemoDiagrams {
    let demo: BookDemo
    let diagrams: [(file: String, title: String)]
}
