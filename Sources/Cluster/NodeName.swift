/// The name of a node: `"a"`, `"b"`, … — Erlang's `'a@host'` without the host.
///
/// A node's name is stable across restarts; what changes on a restart is the node's
/// *incarnation* (``Pid/creation``), so that pids from before the restart are recognisably dead.
/// Names order as strings; every list of nodes the library hands out is sorted by name.
public struct NodeName: Hashable, Comparable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The name as text.
    public let rawValue: String

    /// Creates a node name from its text. O(1).
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A node name written as a literal, `"a"`. O(1).
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// Orders names as strings. O(length of the names).
    public static func < (lhs: NodeName, rhs: NodeName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes a name from its text. O(length of the name).
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the name as its text. O(length of the name).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
