/// The registered processes every Erlang node has and its peers talk to on their own.
///
/// Right after connecting, an OTP 25 node monitors `net_kernel` and calls it with
/// `{is_auth, Node}` (that is what `net_adm:ping` waits for: the answer `yes` makes `pong`);
/// its `global_name_server` casts `init_connect`, and `rex` sends `features_request`. A Swift
/// node answers what keeps Erlang working and nothing more:
/// - `net_kernel`: `is_auth` → `yes`.
/// - `global_name_server`: `init_connect` → `{in_sync, Me, true}`, which keeps `global:sync()`
///   working on the Erlang side. Answering more of global's protocol half-way jams it.
/// - `rex`: `features_request` is ignored; `rpc:call(Swift, erlang, nodes, [])` and
///   `rpc:call(Swift, net_kernel, connect_node, [N])` are answered (full mesh uses them); any
///   other rpc gets `{badrpc, {'EXIT', {undef, …}}}`.
extension DistNode {
    /// The pid that signs this node's own REG_SENDs (that of `net_kernel`).
    var systemPid: ErlangPid { whereis("net_kernel") ?? ErlangPid(node: name, id: 0, serial: 0, creation: creation) }

    func startSystemProcesses() {
        _ = try? newProcess(name: "net_kernel", inline: { [unowned self] mail in netKernel(mail) })
        _ = try? newProcess(name: "global_name_server", inline: { [unowned self] mail in globalNameServer(mail) })
        _ = try? newProcess(name: "rex", inline: { [unowned self] mail in rex(mail) })
    }

    private func netKernel(_ mail: Mail) {
        guard case .message(let message) = mail, let call = GenServerCall(message) else { return }
        if case .tuple(let e) = call.request, e.count == 2, e[0] == .atom("is_auth") {
            call.reply(.atom("yes"), on: self)
        }
    }

    private func globalNameServer(_ mail: Mail) {
        guard case .message(let message) = mail, let cast = genCast(message),
            case .tuple(let e) = cast, e.count >= 3, e[0] == .atom("init_connect"), case .atom(let peer) = e[2]
        else { return }
        let inSync = Term.tuple([.atom("$gen_cast"), .tuple([.atom("in_sync"), .atom(name), .atom("true")])])
        send(inSync, toName: "global_name_server", on: peer, from: whereis("global_name_server"))
    }

    private func rex(_ mail: Mail) {
        guard case .message(let message) = mail, let call = GenServerCall(message) else { return }
        guard case .tuple(let e) = call.request, e.count == 5, e[0] == .atom("call"),
            case .atom(let module) = e[1], case .atom(let function) = e[2]
        else { return }
        let arguments = e[3]
        switch (module, function, arguments) {
        case ("erlang", "nodes", .nil):
            call.reply(.list(publishedPeers.map { .atom($0) }, tail: .nil), on: self)
        case ("net_kernel", "connect_node", .list(let args, .nil)) where args.count == 1:
            guard case .atom(let node) = args[0] else { return call.reply(.atom("false"), on: self) }
            Task {
                call.reply(
                    .atom(await connect(to: node, timeout: .seconds(15), onPurpose: false) ? "true" : "false"), on: self
                )
            }
        default:
            let mfa = Term.tuple([.atom(module), .atom(function), arguments, .nil])
            call.reply(
                .tuple([.atom("badrpc"), .tuple([.atom("EXIT"), .tuple([.atom("undef"), .list([mfa], tail: .nil)])])]),
                on: self)
        }
    }

    /// Connected peers that announced themselves as published (Erlang's `nodes()`).
    var publishedPeers: [String] {
        state.withLock { s in
            s.peers.compactMap { peer, slot in
                slot.connection.map { $0.peer.flags.contains(.published) } == true ? peer : nil
            }.sorted()
        }
    }
}
