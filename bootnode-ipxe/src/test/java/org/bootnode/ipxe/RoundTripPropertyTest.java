package org.bootnode.ipxe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** render → parse → render is the identity, and hostile text either comes back or is refused. */
class RoundTripPropertyTest {

    private static final String HOSTILE = "ab-$ {}#|&;\\:=/.\t\n\r\0ü%";

    @Property(tries = 400)
    void renderParseRenderIsTheIdentity(@ForAll("scripts") IpxeScript script) throws IpxeParseException {
        String text = script.render();
        IpxeScript parsed = IpxeScript.parse(text);
        assertEquals(script, parsed);
        assertEquals(text, parsed.render());
    }

    @Property(tries = 1000)
    void aLiteralIsReadBackExactlyOrRefused(@ForAll("hostileText") String text) throws IpxeParseException {
        Optional<Value> value = attempt(() -> Value.text(text));
        if (value.isEmpty()) {
            return;
        }
        IpxeScript script = IpxeScript.builder()
                .command(new Echo(false, Words.of(value.get())))
                .line(Line.of(new Iseq(value.get(), value.get())).or(new Goto(value.get())))
                .build();
        List<List<String>> argvs = IpxeSim.argvs(script.render(), Map.of("x", "X"));
        assertEquals(List.of(text), Getopt.positionals(argvs.get(0), "n", ""));
        assertEquals(List.of(text, text), Getopt.positionals(argvs.get(1), "", ""));
        assertEquals(List.of(text), Getopt.positionals(argvs.get(2), "", ""));
        assertEquals(script, IpxeScript.parse(script.render()));
    }

    @Property(tries = 1000)
    void wordsAreReadBackJoinedOrRefused(@ForAll("hostileText") String text) throws IpxeParseException {
        Optional<Words> words = attempt(() -> Words.of(text));
        if (words.isEmpty()) {
            return;
        }
        IpxeScript script = IpxeScript.builder().command(new Echo(false, words.get())).build();
        List<String> argv = IpxeSim.argvs(script.render(), Map.of()).get(0);
        assertEquals(text, String.join(" ", Getopt.positionals(argv, "n", "")));
        assertEquals(script, IpxeScript.parse(script.render()));
    }

    // ------------------------------------------------------------------ generators

    private static <T> Optional<T> attempt(Supplier<T> build) {
        try {
            return Optional.of(build.get());
        } catch (IllegalArgumentException refused) {
            return Optional.empty();
        }
    }

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(HOSTILE.toCharArray()).ofMinLength(0).ofMaxLength(16),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(8));
    }

    static Arbitrary<Setting> settings() {
        return Arbitraries.of(Setting.NET0_MAC, Setting.NET0_MAC_HEXHYP, Setting.IP, Setting.BUILDARCH,
                Setting.PLATFORM, Setting.UUID, Setting.of("x"), Setting.parse("my-var:string"),
                Setting.parse("net0.dhcp/209"));
    }

    static Arbitrary<Value> values() {
        Arbitrary<Part> literal = Arbitraries.strings().withChars(HOSTILE.toCharArray()).ofMinLength(1)
                .ofMaxLength(8).map(Literal::new);
        Arbitrary<Part> part = Arbitraries.oneOf(literal, literal, settings().map(s -> (Part) s));
        return part.list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> attempt(() -> Value.of(parts)))
                .filter(Optional::isPresent).map(Optional::get);
    }

    static Arbitrary<Words> words() {
        return values().list().ofMaxSize(4).map(Words::new);
    }

    static Arbitrary<Value> maybe(Arbitrary<Value> values) {
        return values.injectNull(0.5);
    }

    static Arbitrary<Long> millis() {
        return Arbitraries.longs().between(0, 1_000_000).injectNull(0.5);
    }

    static Arbitrary<Integer> keys() {
        return Arbitraries.integers().between(1, 0x7f).injectNull(0.5);
    }

    static Arbitrary<String> labels() {
        return Arbitraries.strings().withChars("abz09_-.:$#{}\\".toCharArray()).ofMinLength(1).ofMaxLength(6)
                .filter(s -> attempt(() -> new Label(s)).isPresent());
    }

    static Arbitrary<Command> commands() {
        Arbitrary<Boolean> b = Arbitraries.of(true, false);
        List<Arbitrary<? extends Command>> all = new ArrayList<>();
        all.add(values().list().ofMaxSize(2).map(Dhcp::new));
        all.add(Combinators.combine(maybe(values()), values().list().ofMaxSize(2)).as(Ifconf::new));
        all.add(Combinators.combine(Arbitraries.of(ImageFetch.Kind.class), values(), maybe(values()), millis(), b, b,
                words()).as(ImageFetch::new));
        all.add(Combinators.combine(values(), words()).as(Imgargs::new));
        all.add(maybe(values()).map(Boot::new));
        all.add(Combinators.combine(b, words()).as(Echo::new));
        all.add(Combinators.combine(settings(), words()).as(SetSetting::new));
        all.add(settings().map(Clear::new));
        all.add(values().map(Isset::new));
        all.add(Combinators.combine(values(), values()).as(Iseq::new));
        all.add(values().map(Goto::new));
        all.add(Combinators.combine(maybe(values()), words()).as(Menu::new));
        all.add(Combinators.combine(maybe(values()), keys(), b, b, values(), words())
                .as((menu, key, dflt, gap, label, text) -> new Item(menu, key, dflt, gap, gap ? null : label, text)));
        all.add(Combinators.combine(maybe(values()), maybe(values()), millis(), b, settings()).as(Choose::new));
        all.add(Combinators.combine(keys(), millis(), words()).as(Prompt::new));
        all.add(Arbitraries.longs().between(0, 0xffffffffL).map(Sleep::new));
        all.add(Arbitraries.just(new Shell()));
        all.add(b.map(Reboot::new));
        all.add(Arbitraries.just(new Poweroff()));
        all.add(Arbitraries.longs().between(0, 0xffffffffL).injectNull(0.5).map(Exit::new));
        all.add(Combinators.combine(values(), values(), maybe(values()), b).as(Imgverify::new));
        all.add(Combinators.combine(b, b).as(Imgtrust::new));
        all.add(Combinators.combine(maybe(values()), b).as(Params::new));
        all.add(Combinators.combine(maybe(values()), b, values(), words()).as(Param::new));
        all.add(values().map(Ntp::new));
        all.add(Combinators.combine(Arbitraries.of("imgfree", "show", "sanboot", "kernal"), values().list().ofMaxSize(3))
                .as(OtherCommand::new));
        return Arbitraries.oneOf(all.stream().map(a -> a.map(c -> (Command) c)).toList());
    }

    static Arbitrary<Statement> statements() {
        Arbitrary<Line> lines = Combinators.combine(commands(),
                Combinators.combine(Arbitraries.of(Separator.class), commands()).as(Line.Step::new).list().ofMaxSize(2))
                .as(Line::new);
        Arbitrary<Statement> comments = Arbitraries.strings().withChars(HOSTILE.toCharArray()).ofMaxLength(12)
                .map(text -> attempt(() -> new Comment(text))).filter(Optional::isPresent).map(Optional::get);
        return Arbitraries.frequencyOf(
                Tuple.of(6, lines.map(l -> (Statement) l)),
                Tuple.of(1, labels().map(Label::new)),
                Tuple.of(1, comments),
                Tuple.of(1, Arbitraries.just(new Blank())));
    }

    @Provide
    Arbitrary<IpxeScript> scripts() {
        return statements().list().ofMaxSize(8).map(IpxeScript::new);
    }
}
