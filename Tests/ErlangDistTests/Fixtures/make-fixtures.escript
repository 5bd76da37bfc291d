#!/usr/bin/env escript
%% -*- erlang -*-
%%! -name fixtures@127.0.0.1 -setcookie fixtures -start_epmd false
%%
%% Golden bytes for the external term format tests: writes, for each term below,
%% term_to_binary(Term, [{minor_version, 2}]) — the encoding the distribution uses (UTF-8 atoms) —
%% as one line of terms.txt:  name <TAB> ~tw rendering <TAB> hex bytes.
%% Run it through make-fixtures.sh, which gives the node a private epmd: the pid, reference and
%% port then carry a real node name, fixtures@127.0.0.1.
-mode(compile).

main([Out]) ->
    Lines = [line(Name, Term) || {Name, Term} <- terms()],
    Header = io_lib:format("# ~s: term_to_binary(T, [{minor_version, 2}]) on Erlang/OTP ~s, node ~s.~n"
                           "# name<TAB>rendering<TAB>hex. Regenerate with make-fixtures.sh.~n",
                           ["terms.txt", erlang:system_info(otp_release), node()]),
    ok = file:write_file(Out, [Header | Lines]);
main(_) ->
    io:format(standard_error, "usage: make-fixtures.escript OUT~n", []),
    halt(1).

line(Name, Term) ->
    Rendering = unicode:characters_to_binary(io_lib:format("~tw", [Term])),
    Hex = binary:encode_hex(term_to_binary(Term, [{minor_version, 2}])),
    [atom_to_list(Name), $\t, Rendering, $\t, Hex, $\n].

terms() ->
    Self = self(),
    Other = spawn(fun() -> receive stop -> ok end end),
    Ref = make_ref(),
    Ref2 = make_ref(),
    Y = 7,
    Person = #{name => <<"Ada">>, age => 36, admin => true, tags => [<<"math">>, <<"engines">>],
               manager => undefined, score => 9.5},
    [{small_integer_0, 0},
     {small_integer_255, 255},
     {integer_256, 256},
     {integer_minus_1, -1},
     {integer_minus_128, -128},
     {integer_max32, 2147483647},
     {integer_min32, -2147483648},
     {small_big_2_31, 2147483648},
     {small_big_minus_2_31_minus_1, -2147483649},
     {small_big_int64_max, 9223372036854775807},
     {small_big_int64_min, -9223372036854775808},
     {small_big_2_64, 1 bsl 64},
     {small_big_minus_2_100, -(1 bsl 100)},
     {large_big_2_2100, 1 bsl 2100},
     {float_pi, math:pi()},
     {float_minus_half, -0.5},
     {float_zero, 0.0},
     {float_1e300, 1.0e300},
     {float_min_subnormal, 5.0e-324},
     {atom_empty, ''},
     {atom_ok, ok},
     {atom_utf8, list_to_atom([$h, 16#E9, $l, $l, $o, $_, 16#3BB])},
     {atom_emoji, list_to_atom([16#1F680])},
     {atom_255_chars, list_to_atom(lists:duplicate(255, $a))},
     {atom_long_utf8, list_to_atom(lists:duplicate(200, 16#3BB))},
     {tuple_empty, {}},
     {tuple_nested, {a, {b, {c}}, {}}},
     {tuple_large, list_to_tuple(lists:seq(1, 300))},
     {nil, []},
     {string_abc, "abc"},
     {string_bytes, [0, 1, 255]},
     {list_unicode, [16#3BB, $x]},
     {list_mixed, [1, a, <<"b">>, 2.5, -1]},
     {improper_atom, [a | b]},
     {improper_int, [1, 2 | 3]},
     {improper_string_head, [$a, $b | <<"c">>]},
     {nested_lists, [[], [[]], "hi"]},
     {binary_empty, <<>>},
     {binary_bytes, <<1, 2, 3, 255>>},
     {binary_utf8, unicode:characters_to_binary([$h, 16#E9, $l, $l, $o])},
     {bitstring_3, <<1:3>>},
     {bitstring_13, <<255, 5:5>>},
     {map_empty, #{}},
     {map_atoms, #{b => 2, a => 1, c => 3}},
     {map_mixed_keys, #{1 => x, 2.0 => y, a => z, "s" => q, <<"b">> => r, {t} => s, [] => n,
                        #{} => m, -5 => w, (1 bsl 70) => big, [a | b] => i, <<1:3>> => bits}},
     {map_nested, #{config => #{port => 4369, host => "localhost"}, list => [1, 2]}},
     {map_large, maps:from_list([{K, K * K} || K <- lists:seq(1, 40)])},
     {map_pid_ref_keys, #{Self => a, Other => b, Ref => c, Ref2 => d}},
     {pid, Self},
     {reference, Ref},
     {port, hd(erlang:ports())},
     {export, fun lists:map/2},
     {fun_with_free_var, fun(X) -> X + Y end},
     {control_send, {2, '', Self}},
     {is_auth_reply, {[alias | Ref], yes}},
     {codable_person, Person},
     {codable_point, point},
     {codable_circle, {circle, 2.0}},
     {codable_rect, {rect, 3.0, 4.5}},
     {codable_counts, #{<<"a">> => 1, <<"b">> => 2, <<"zeta">> => 26}},
     {codable_optionals, [1, undefined, 3]},
     {codable_drawing, #{title => <<"sketch">>, shapes => [point, {circle, 1.5}], owner => Person,
                         by => Self}}].
