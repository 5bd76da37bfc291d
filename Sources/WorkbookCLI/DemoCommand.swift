import Cluster
import Demos
import Foundation

/// `workbook demo [name] [--seed S] [--trace-dir DIR] [--print-trace]`: runs a named scenario in
/// the deterministic simulator, narrates it, and writes its trace as `trace.txt`, `trace.mmd`
/// (a Mermaid sequence diagram) and `trace.html` (the diagram as a self-contained page).
/// The same seed gives byte-identical files.
enum DemoCommand {
    static func run(_ arguments: Arguments) async throws -> Int32 {
        guard let name = arguments.firstOperand else {
            print("Demos (swift run workbook demo <name> [--seed S] [--trace-dir DIR]):")
            for demo in DemoCatalog.all {
                print("  \(demo.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(demo.summary)")
            }
            return 0
        }
        guard let demo = DemoCatalog.named(name) else {
            throw WorkbookError.usage(
                "there is no demo '\(name)'; try: \(DemoCatalog.all.map(\.name).joined(separator: ", "))")
        }
        guard let seed = UInt64(arguments.value(after: "--seed") ?? "42") else {
            throw WorkbookError.usage("--seed takes a whole number, e.g. --seed 7")
        }
        let run = try await demo.run(seed: seed)
        print("Demo \(demo.name) — \(demo.summary)   (seed \(seed))\n")
        for line in run.narration { print("  \(line)") }
        let directory = arguments.value(after: "--trace-dir") ?? "traces/\(demo.name)"
        try TraceFiles.write(
            run.trace, title: "\(demo.name), seed \(seed): \(demo.summary)",
            narrative: run.story + " (Replay this run: swift run workbook demo \(demo.name) --seed \(seed))",
            to: directory)
        let messages = run.trace.events.filter { if case .message = $0.kind { true } else { false } }.count
        print("\n\(messages) messages. Wrote \(directory)/trace.txt, trace.mmd and trace.html (open it in a browser).")
        print("Replay: swift run workbook demo \(demo.name) --seed \(seed)")
        if arguments.has("--print-trace") { print("\n" + run.trace.annotatedText(), terminator: "") }
        return 0
    }
}

/// Writes a trace as `trace.txt` (with a legend, contents and phase headings), `trace.mmd`
/// (Mermaid) and `trace.html` into a folder, each opening with `title` and `narrative`.
enum TraceFiles {
    static func write(_ trace: Trace, title: String, narrative: String? = nil, to directory: String) throws {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let files = [
            ("trace.txt", trace.annotatedText(title: title, narrative: narrative)),
            ("trace.mmd", trace.mermaid(title: title, narrative: narrative)),
            ("trace.html", trace.html(title: title, narrative: narrative)),
        ]
        for (name, text) in files {
            try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }
}
