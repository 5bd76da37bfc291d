import Foundation

// Standard input as an async sequence of lines. `readLine` blocks, so it runs on a thread of its
// own, never on the main actor or the cooperative pool the node's processes run on.

enum StandardInput {
    /// Every line of stdin, without its newline; the sequence ends at end of file.
    static func lines() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let reader = Thread {
            while let line = readLine(strippingNewline: true) {
                continuation.yield(line)
            }
            continuation.finish()
        }
        reader.name = "pg2-node stdin"
        reader.start()
        return stream
    }
}
