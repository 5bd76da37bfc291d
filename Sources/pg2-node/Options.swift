@preconcurrency import Glibc
import Foundation

// What `pg2-node` is started with: its name, its cookie, the nodes to connect to at once, and
// whether to talk. The cookie is found as `erl` finds it: `--cookie`, else `--cookie-file PATH`,
// else `~/.erlang.cookie`, its surrounding whitespace trimmed.
//
//     swift run pg2-node --name a@127.0.0.1 --cookie secret
//     swift run pg2-node --name b@127.0.0.1 --cookie-file ./cookie --connect a@127.0.0.1 --verbose

/// The command line, parsed.
struct Options {
    var name = ""
    var cookie = ""
    var connect: [String] = []
    var verbose = false
    /// `--help`: print the usage on stdout and exit 0.
    var help = false

    static let usage = """
        usage: swift run pg2-node --name NAME@HOST [--cookie COOKIE | --cookie-file PATH] \
        [--connect NODE]… [--verbose]
          --name NAME@HOST    this node's name, e.g. a@127.0.0.1
          --cookie COOKIE     the cluster's secret (else --cookie-file, else ~/.erlang.cookie)
          --cookie-file PATH  read the cookie from PATH
          --connect NODE      connect to NODE after starting (may be repeated)
          --verbose           write the node's notes and the distribution layer's log to stderr
        """

    /// A usage error: what was wrong, for stderr (followed by the usage).
    struct UsageError: Error { let message: String }

    /// Parses `arguments` (without the program's name).
    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var cookieFile: String?
        var rest = arguments[...]
        func value(for flag: String) throws(UsageError) -> String {
            guard let value = rest.popFirst(), !value.hasPrefix("--") else {
                throw UsageError(message: "\(flag) needs a value")
            }
            return value
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--name": options.name = try value(for: flag)
            case "--cookie": options.cookie = try value(for: flag)
            case "--cookie-file": cookieFile = try value(for: flag)
            case "--connect": options.connect.append(try value(for: flag))
            case "--verbose": options.verbose = true
            case "-h", "--help": options.help = true; return options
            default: throw UsageError(message: "unknown argument \(flag)")
            }
        }
        guard !options.name.isEmpty else { throw UsageError(message: "--name is required") }
        if options.cookie.isEmpty {
            let path = cookieFile ?? (homeDirectory() + "/.erlang.cookie")
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw UsageError(
                    message: cookieFile == nil
                        ? "no cookie: give --cookie or --cookie-file, or write one to \(path)"
                        : "cannot read the cookie file \(path)")
            }
            options.cookie = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard !options.cookie.isEmpty else { throw UsageError(message: "the cookie is empty") }
        return options
    }

    /// `$HOME`, as `erl` reads it for `~/.erlang.cookie`.
    private static func homeDirectory() -> String {
        ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    }
}

/// Writes `text` and a newline to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
