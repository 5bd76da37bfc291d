import ProcessGroups
import RealNodes

// The commands `pg2-node` reads, one a line, each answered with exactly one line. This table is
// the only list of them: `help`, the banner, the usage errors and the dispatch all read it.
//
//     create g                               → ok               (pg2: on every connected node)
//     spawn                                  → <a@127.0.0.1.7@3963111371>
//     join g <a@127.0.0.1.7@3963111371>      → ok
//     members g                              → <a@127.0.0.1.7@3963111371>   (the same on b)
//     pg join room <a@127.0.0.1.7@3963111371> → ok              (OTP pg, scope pg: own pids only)
//     frob                                   → error: unknown command frob (try help)

/// One command: its words, its arguments (`[X]` is optional), its help, and what it does.
struct Command: Sendable {
    let name: String
    let arguments: [String]
    let help: String
    let run: @Sendable (Session, Arguments) async throws -> String

    init(
        _ name: String, _ arguments: [String], _ help: String,
        _ run: @escaping @Sendable (Session, Arguments) async throws -> String
    ) {
        (self.name, self.arguments, self.help, self.run) = (name, arguments, help, run)
    }

    init(_ name: String, _ help: String, _ run: @escaping @Sendable (Session, Arguments) async throws -> String) {
        self.init(name, [], help, run)
    }

    var words: [Substring] { name.split(separator: " ") }
    var usage: String { ([name] + arguments).joined(separator: " ") }
    var arity: ClosedRange<Int> { arguments.filter { !$0.hasPrefix("[") }.count...arguments.count }
}

/// A command's arguments, read as what they name.
struct Arguments: Sendable {
    let values: [String]

    subscript(index: Int) -> String { values[index] }

    func pid(_ index: Int) throws -> Pid {
        guard let pid = Pid(parsing: values[index]) else { throw CommandError(message: "not a pid: \(values[index])") }
        return pid
    }
}

enum Commands {
    static let all: [Command] = [
        Command("connect", ["NODE"], "connect to NODE (lifts a disconnect)") { s, a in
            await s.real.connect(a[0]) ? Answer.ok : "error: cannot connect to \(a[0])"
        },
        Command("disconnect", ["NODE"], "drop the link to NODE and keep it down until connect") { s, a in
            s.real.disconnect(a[0]); return Answer.ok
        },
        Command("nodes", "the connected nodes, sorted") { s, _ in Answer.list(s.real.connectedNodes) },
        Command("spawn", "a new process of this node; prints its pid") { s, _ in s.spawn().description },
        Command("kill", ["PID"], "end process PID, of any node, with reason killed") { s, a in
            s.kill(try a.pid(0)); return Answer.ok
        },
        Command("create", ["GROUP"], "pg2: create GROUP on every connected node") { s, a in
            try await s.pg2.create(a[0]); return Answer.ok
        },
        Command("delete", ["GROUP"], "pg2: delete GROUP on every connected node") { s, a in
            try await s.pg2.delete(a[0]); return Answer.ok
        },
        Command("join", ["GROUP", "PID"], "pg2: PID joins GROUP (once more)") { s, a in
            try await s.pg2.join(a[0], a.pid(1)); return Answer.ok
        },
        Command("leave", ["GROUP", "PID"], "pg2: PID leaves GROUP (once)") { s, a in
            try await s.pg2.leave(a[0], a.pid(1)); return Answer.ok
        },
        Command("members", ["GROUP"], "pg2: GROUP's members, as this node knows them") { s, a in
            Answer.list(try s.pg2.members(of: a[0]))
        },
        Command("local", ["GROUP"], "pg2: GROUP's members that live on this node") { s, a in
            Answer.list(try s.pg2.localMembers(of: a[0]))
        },
        Command("closest", ["GROUP"], "pg2: a member of GROUP, a local one if any") { s, a in
            try s.pg2.closestMember(of: a[0]).description
        },
        Command("which", "pg2: the groups this node knows") { s, _ in Answer.list(s.pg2.whichGroups()) },
        Command("pg join", ["GROUP", "PID"], "OTP pg, scope pg: PID, of this node, joins GROUP") { s, a in
            try await s.scope.join(a[0], a.pid(1)); return Answer.ok
        },
        Command("pg leave", ["GROUP", "PID"], "OTP pg: PID leaves GROUP; ok or not_joined") { s, a in
            try await s.scope.leave(a[0], a.pid(1)).description
        },
        Command("pg members", ["GROUP"], "OTP pg: GROUP's entries, newest first") { s, a in
            Answer.list(s.scope.members(of: a[0]))
        },
        Command("pg local", ["GROUP"], "OTP pg: GROUP's entries of this node") { s, a in
            Answer.list(s.scope.localMembers(of: a[0]))
        },
        Command("pg which", "OTP pg: the scope's groups") { s, _ in Answer.list(try s.scope.whichGroups()) },
        Command("help", ["[pg]", "[COMMAND]"], "list the commands, or explain one") { _, a in
            guard !a.values.isEmpty else { return helpLine }
            let asked = a.values.joined(separator: " ")
            // `help join` is join; `help pg` is every pg command.
            let found =
                all.filter { $0.name == asked }.isEmpty
                ? all.filter { $0.words.first == asked[...] }
                : all.filter { $0.name == asked }
            guard !found.isEmpty else { throw CommandError(message: "unknown command \(asked) (try help)") }
            return found.map { "\($0.usage) — \($0.help)" }.joined(separator: "; ")
        },
        Command("quit", "stop this node and exit") { _, _ in Answer.ok },
    ]

    /// `help`'s answer: every command with its arguments, on one line.
    static let helpLine = "commands: " + all.map(\.usage).joined(separator: ", ")

    /// The command `words` start with, and its arguments: the longest name that matches.
    static func find(_ words: [String]) throws -> (Command, Arguments) {
        let matches = all.filter { words.starts(with: $0.words.map(String.init)) }
        guard let command = matches.max(by: { $0.words.count < $1.words.count }) else {
            let typed = words.first == "pg" ? words.prefix(2).joined(separator: " ") : words.first ?? ""
            throw CommandError(message: "unknown command \(typed) (try help)")
        }
        let values = Array(words.dropFirst(command.words.count))
        guard command.arity.contains(values.count) else { throw CommandError(message: "usage: \(command.usage)") }
        return (command, Arguments(values: values))
    }
}
