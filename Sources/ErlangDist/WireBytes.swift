/// Big-endian bytes, the way every part of distributed Erlang writes its integers.
///
/// EPMD, the handshake and the frame headers all speak in fixed-width big-endian fields with
/// length prefixes. ``WireWriter`` appends them; ``WireReader`` takes them back out and throws
/// ``WireError/truncated`` instead of reading past the end — a peer's bytes are hostile input,
/// and a short message must be an error, never a crash.

/// What can go wrong reading a peer's bytes.
enum WireError: Error, Equatable, CustomStringConvertible {
    /// The bytes ended before the field that was being read.
    case truncated(String)
    /// The bytes are complete but say something impossible.
    case malformed(String)

    var description: String {
        switch self {
        case .truncated(let what): "truncated: \(what)"
        case .malformed(let what): "malformed: \(what)"
        }
    }
}

/// Appends big-endian fields to a byte array.
struct WireWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }
    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((value >> UInt64(shift)) & 0xFF)) }
    }
    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
    mutating func append(_ text: String) { bytes.append(contentsOf: Array(text.utf8)) }
}

/// Reads big-endian fields from a byte array, never past its end.
struct WireReader {
    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    mutating func u8(_ what: @autoclosure () -> String = "a byte") throws(WireError) -> UInt8 {
        guard remaining >= 1 else { throw .truncated(what()) }
        defer { offset += 1 }
        return bytes[offset]
    }
    mutating func u16(_ what: @autoclosure () -> String = "a 16-bit field") throws(WireError) -> UInt16 {
        guard remaining >= 2 else { throw .truncated(what()) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }
    mutating func u32(_ what: @autoclosure () -> String = "a 32-bit field") throws(WireError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated(what()) }
        var value: UInt32 = 0
        for i in 0..<4 { value = value << 8 | UInt32(bytes[offset + i]) }
        offset += 4
        return value
    }
    mutating func u64(_ what: @autoclosure () -> String = "a 64-bit field") throws(WireError) -> UInt64 {
        guard remaining >= 8 else { throw .truncated(what()) }
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(bytes[offset + i]) }
        offset += 8
        return value
    }
    /// `count` bytes; the count is checked against what is left before anything is allocated.
    mutating func take(_ count: Int, _ what: @autoclosure () -> String = "bytes") throws(WireError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw .truncated(what()) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }
    mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }
    mutating func skip(_ count: Int, _ what: @autoclosure () -> String = "bytes") throws(WireError) {
        guard count >= 0, remaining >= count else { throw .truncated(what()) }
        offset += count
    }
}
