package dev.klas.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hook table klas weave prints, one line per hook: {@code SYMBOL+0xOFF<TAB>FILE:LINE<TAB>ASPECTS<TAB>PRECISION<TAB>
 * MECHANISM}.
 */
record WovenHooks(List<Hook> hooks) {
    record Hook(String location, String file, int line, List<String> aspects) {
    }

    private static final Pattern ROW = Pattern.compile("^(\\S+\\+0x[0-9a-f]+)\\t(\\S+):(\\d+)\\t(\\S+)\\t.*$");

    static WovenHooks parse(String out) {
        List<Hook> hooks = new ArrayList<>();
        for (String l : out.split("\n")) {
            Matcher m = ROW.matcher(l);
            if (m.matches()) {
                hooks.add(new Hook(m.group(1), m.group(2), Integer.parseInt(m.group(3)),
                        List.of(m.group(4).split(","))));
            }
        }
        return new WovenHooks(List.copyOf(hooks));
    }
}
