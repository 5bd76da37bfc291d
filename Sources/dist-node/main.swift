@preconcurrency import Glibc
import ErlangDist
import Foundation

// `swift run dist-node NAME COOKIE` — a Swift node that speaks distributed Erlang, and nothing
// else: no pg2 here (that is `pg2-node`'s job). It registers one process, `echo`, which answers
// `{From, Message}` with `{echo, Message}` sent to From, and it prints every node that connects
// or goes. An `erl` shell started with the same cookie can ping it and message it:
//
//     swift run dist-node swift@127.0.0.1 secret
//     erl -name shell@127.0.0.1 -setcookie secret
//     1> net_adm:ping('swift@127.0.0.1').
//     pong
//     2> {echo, 'swift@127.0.0.1'} ! {self(), hello}, receive R -> R after 1000 -> timeout end.
//     {echo,hello}
//
// Without an `epmd` running it serves EPMD itself, so a Swift-only cluster needs no Erlang.

setvbuf(stdout, nil, _IOLBF, 0)  // one line at a time, also into a pipe or a file
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, let name = arguments.first, let cookie = arguments.last else {
    FileHandle.standardError.write(
        Data("usage: swift run dist-node NAME@HOST COOKIE   (e.g. swift@127.0.0.1 secret)\n".utf8))
    exit(2)
}

let node = try await DistNode.start(name: name, cookie: cookie)
print(
    "dist-node: \(node.name) is up (creation \(node.creation), port \(node.port))"
        + (node.isServingEPMD ? ", serving EPMD itself" : ", registered with EPMD"))

try node.spawn(name: "echo") { process in
    while let mail = try await process.receive() {
        guard case .message(let message) = mail else { continue }
        if case .tuple(let parts) = message, parts.count == 2, case .pid(let from) = parts[0] {
            process.send(.tuple([.atom("echo"), parts[1]]), to: from)
            print("dist-node: echo \(parts[1]) to \(from.node)")
        } else {
            print("dist-node: echo got \(message), which is not {From, Message}: ignored")
        }
    }
}

for await event in node.events() {
    print("dist-node: \(event)")
}
