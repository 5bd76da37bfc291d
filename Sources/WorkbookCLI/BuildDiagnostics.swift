/// Finds the first compile error in `swift build` / `swift test` output.
enum BuildDiagnostics {
    struct Diagnostic: Equatable {
        /// The file, relative to the repository when it lies inside it.
        let file: String
        let line: Int
        let column: Int
        let message: String
    }

    /// The first line of the form `path:line:column: error: message`.
    static func firstError(in output: String, root: String) -> Diagnostic? {
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: ": error: ") else { continue }
            let location = line[..<range.lowerBound].split(separator: ":")
            guard location.count >= 3, let row = Int(location[location.count - 2]),
                let column = Int(location[location.count - 1])
            else { continue }
            var file = location.dropLast(2).joined(separator: ":")
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if file.hasPrefix(prefix) { file.removeFirst(prefix.count) }
            return Diagnostic(file: file, line: row, column: column, message: String(line[range.upperBound...]))
        }
        return nil
    }
}
