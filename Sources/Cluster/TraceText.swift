/// Line wrapping shared by the renderers: long labels are broken, never cut.
enum TraceText {
    /// `text` on lines of at most `width` characters (a word longer than that is split), each
    /// line after the first indented by two spaces, broken after a space or a comma. A
    /// `message` breaks before its argument list (` (`) where it can, so that
    /// `cast <b.pg2> f(x:) ("a", [1, 2])` keeps the call on one line and the arguments on the
    /// next. Newlines become spaces. `O(text)` per line.
    static func wrap(_ text: String, width: Int, message: Bool = false) -> [String] {
        let indent = "  "
        var rest = Array(text.map { $0.isNewline ? " " : $0 })
        var lines: [String] = []
        var prefix = ""
        while prefix.count + rest.count > width {
            let room = max(width - prefix.count, 8)
            var preferred: Int?, fallback: Int?
            for cut in 1..<min(room + 1, rest.count) {
                let before = rest[cut - 1]
                if message && before == " " && rest[cut] == "(" && cut > room / 3 { preferred = cut }
                if before == " " || before == "," { fallback = cut }
            }
            let cut = preferred ?? fallback ?? room
            var line = String(rest[..<cut])
            while line.last == " " { line.removeLast() }
            lines.append(prefix + line)
            rest = Array(rest[cut...].drop { $0 == " " })
            prefix = indent
        }
        if !rest.isEmpty || lines.isEmpty { lines.append(prefix + String(rest)) }
        return lines
    }
}
