@preconcurrency import Glibc
import ErlangDist
import Foundation
import ProcessGroups
import RealNodes

// `swift run pg2-node --name a@127.0.0.1 --cookie secret` — pg2 (and OTP pg) on a real Erlang
// node, driven one command a line from stdin, one answer a line on stdout. Two of them and an
// `erl` shell with the same cookie make one cluster:
//
//     swift run pg2-node --name a@127.0.0.1 --cookie secret
//     ready a@127.0.0.1
//     pg2> create g
//     ok
//     pg2> spawn
//     <a@127.0.0.1.8@3963111371>                  (the number after @ is the node's incarnation)
//     pg2> join g <a@127.0.0.1.8@3963111371>
//     ok
//
//     swift run pg2-node --name b@127.0.0.1 --cookie secret --connect a@127.0.0.1
//     pg2> members g
//     <a@127.0.0.1.8@3963111371>
//
//     erl -name shell@127.0.0.1 -setcookie secret
//     1> gen_server:call({pg2, 'a@127.0.0.1'}, {join, g, self()}).
//     ok
//
// `ready NAME` is printed once the node is up, pg2 runs and the `--connect`s were tried. With
// stdin a terminal there is a banner and a `pg2> ` prompt; from a pipe, neither. Without an
// `epmd` running, the first node serves EPMD itself.

setvbuf(stdout, nil, _IOLBF, 0)  // one line at a time, also into a pipe or a file

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    printError("pg2-node: \(error.message)\n\(Options.usage)")
    exit(2)
}
if options.help {
    print(Options.usage)
    exit(0)
}

let log: (@Sendable (String) -> Void)? = options.verbose ? { @Sendable line in printError(line) } : nil
var distOptions = DistNodeOptions()
distOptions.log = log ?? { _ in }

let session: Session
do {
    let real = try await RealNode.start(name: options.name, cookie: options.cookie, options: distOptions, log: log)
    session = try Session(real: real)
} catch {
    printError("pg2-node: cannot start \(options.name): \(error)")
    exit(1)
}
for peer in options.connect where await !session.real.connect(peer) {
    printError("pg2-node: cannot connect to \(peer)")
}
print("ready \(session.real.name)")

await serve(session, interactive: isatty(0) == 1)
session.real.stop()
exit(0)

/// Answers stdin's lines until `quit` or end of file; with a terminal, a banner and a prompt.
func serve(_ session: Session, interactive: Bool) async {
    if interactive { print(Commands.banner(node: session.real.name)) }
    var lines = StandardInput.lines().makeAsyncIterator()
    while true {
        if interactive {
            print("pg2> ", terminator: "")
            fflush(stdout)
        }
        guard let line = await lines.next() else { return }
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { continue }
        let reply = await Commands.answer(words, session: session)
        // Exactly one line per command, whatever an error's description holds.
        print(reply.replacing("\n", with: " "))
        if words == ["quit"] { return }
    }
}
