import Testing

/// Problems as one failure message: one per line, then where to work.
func report(_ problems: [String], _ file: String) -> Comment {
    Comment(rawValue: problems.joined(separator: "\n") + "\n— \(file)")
}
