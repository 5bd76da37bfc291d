/// The decoder: one walk over the bytes of one term, with an explicit stack of open containers.
///
/// Recursion would be the natural way to read a tree, but the depth would then be the peer's to
/// choose, and a reader thread's stack is small. Here a tuple, list or map *opens a frame* that
/// collects its elements; scalars complete at once; a frame that has all its elements closes into
/// a term, which completes an element of the frame below. Everything a peer controls is checked
/// before it costs anything — see ``ExternalTermFormat`` for the rules.
struct TermParser {
    typealias Tag = ExternalTermFormat.Tag

    let bytes: ArraySlice<UInt8>
    var position: Int

    private struct Frame {
        enum Kind { case tuple, list, map }
        let kind: Kind
        let offset: Int  // of the container's tag, for errors
        let expected: Int
        var items: [Term]
    }

    private var frames: [Frame] = []
    /// The elements all open frames still expect, the one being read in each included.
    private var pending = 0

    init(bytes: ArraySlice<UInt8>, position: Int) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.endIndex - position }

    /// Reads one term (no version byte) and leaves ``position`` just past it.
    mutating func parse() throws(TermDecodingError) -> Term {
        while true {
            guard var term = try parseNext() else { continue }  // it opened a frame
            while let top = frames.indices.last {
                frames[top].items.append(term)
                pending -= 1
                guard frames[top].items.count == frames[top].expected else { break }
                term = try close(frames.removeLast())
            }
            if frames.isEmpty { return term }
        }
    }

    /// Reads a tag and either returns the complete term or, for a container, opens a frame.
    private mutating func parseNext() throws(TermDecodingError) -> Term? {
        let offset = position
        let tag = try u8()
        switch tag {
        case Tag.smallInteger: return .integer(Int64(try u8()))
        case Tag.integer: return .integer(Int64(Int32(bitPattern: try u32())))
        case Tag.smallBig:
            let count = Int(try u8())
            return try bigInteger(count: count, at: offset)
        case Tag.largeBig:
            let count = try length32(at: offset)
            return try bigInteger(count: count, at: offset)
        case Tag.newFloat:
            let value = Double(bitPattern: try u64())
            guard value.isFinite else { throw .nonFiniteFloat(offset: offset) }
            return .float(value)
        case Tag.float: return try oldFloat(at: offset)
        case Tag.smallAtomUTF8, Tag.atomUTF8, Tag.smallAtom, Tag.atom:
            return .atom(try atomText(tag: tag, at: offset))
        case Tag.smallTuple:
            let arity = Int(try u8())
            return try open(.tuple, count: arity, at: offset)
        case Tag.largeTuple:
            let arity = Int(try u32())
            return try open(.tuple, count: arity, at: offset)
        case Tag.nil: return .nil
        case Tag.string:
            let count = try length16(at: offset)
            return .properList(try take(count).map { .integer(Int64($0)) })
        case Tag.list:
            let count = Int(try u32())
            return try open(.list, count: count + 1, at: offset)  // + the tail
        case Tag.binary:
            let count = try length32(at: offset)
            return .binary(Array(try take(count)))
        case Tag.bitBinary: return try bitString(at: offset)
        case Tag.map:
            let arity = Int(try u32())
            return try open(.map, count: 2 * arity, at: offset)
        case Tag.newPid, Tag.pid:
            let node = try nodeName()
            let id = try u32(), serial = try u32()
            let creation = tag == Tag.newPid ? try u32() : UInt32(try u8())
            return .pid(ErlangPid(node: node, id: id, serial: serial, creation: creation))
        case Tag.newerReference, Tag.newReference:
            let count = Int(try u16())
            guard (1...5).contains(count) else { throw .invalidField("reference word count \(count)", offset: offset) }
            let node = try nodeName()
            let creation = tag == Tag.newerReference ? try u32() : UInt32(try u8())
            var ids: [UInt32] = []
            for _ in 0..<count { ids.append(try u32()) }
            return .reference(ErlangReference(node: node, creation: creation, ids: ids))
        case Tag.newPort, Tag.v4Port:
            let start = position
            _ = try nodeName()
            _ = try take(tag == Tag.newPort ? 4 + 4 : 8 + 4)  // id, creation
            return .opaque(tag: tag, bytes: Array(bytes[start..<position]))
        case Tag.export:
            let start = position
            _ = try nodeName()  // module
            _ = try nodeName()  // function
            guard try u8() == Tag.smallInteger else { throw .invalidField("export arity", offset: position - 1) }
            _ = try u8()
            return .opaque(tag: tag, bytes: Array(bytes[start..<position]))
        case Tag.newFun:
            // Size counts itself; arity, uniq, index and free-variable count alone take 25 more.
            let start = position
            let size = Int(try u32())
            guard size >= 29 else { throw .invalidField("fun size \(size)", offset: start) }
            guard size - 4 <= remaining else {
                throw .lengthExceedsInput(length: UInt64(size - 4), offset: start, remaining: remaining)
            }
            _ = try take(size - 4)
            return .opaque(tag: tag, bytes: Array(bytes[start..<position]))
        default:
            throw .unknownTag(tag, offset: offset)
        }
    }

    /// Opens a frame for `count` elements, after checking they can fit in what is left.
    private mutating func open(_ kind: Frame.Kind, count: Int, at offset: Int) throws(TermDecodingError) -> Term? {
        if count == 0 { return kind == .tuple ? .tuple([]) : .map([]) }  // a list has its tail
        // Each element pending in an open frame needs one byte or more, except the one being
        // read in each frame (this container is one of those), whose tag is already read.
        let available = remaining - (pending - frames.count)
        guard count <= available else {
            let claimed = kind == .list ? count - 1 : (kind == .map ? count / 2 : count)
            throw .lengthExceedsInput(length: UInt64(claimed), offset: offset, remaining: max(available, 0))
        }
        guard frames.count < ExternalTermFormat.maxDepth else {
            throw .tooDeep(offset: offset, limit: ExternalTermFormat.maxDepth)
        }
        var items: [Term] = []
        items.reserveCapacity(count)
        frames.append(Frame(kind: kind, offset: offset, expected: count, items: items))
        pending += count
        return nil
    }

    private func close(_ frame: Frame) throws(TermDecodingError) -> Term {
        switch frame.kind {
        case .tuple:
            return .tuple(frame.items)
        case .list:
            // A tail that is itself a list continues this one: Erlang would read [a | [b]] as [a, b].
            var elements = frame.items
            var tail = elements.removeLast()
            if case .list(let more, let rest) = tail {
                elements += more
                tail = rest
            }
            return elements.isEmpty ? tail : .list(elements, tail: tail)
        case .map:
            var entries: [MapEntry] = []
            entries.reserveCapacity(frame.items.count / 2)
            var keys = Set<Term>(minimumCapacity: frame.items.count / 2)
            for index in stride(from: 0, to: frame.items.count, by: 2) {
                guard keys.insert(frame.items[index]).inserted else { throw .duplicateMapKey(offset: frame.offset) }
                entries.append(MapEntry(frame.items[index], frame.items[index + 1]))
            }
            return .map(entries)
        }
    }
}
