package io.distillery.asrmetrics.text;

import java.util.HashMap;
import java.util.Map;

/**
 * British to American spellings the English normaliser maps. The list is deliberately short and
 * explicit: each stem below is mapped with its plural and, for verbs, -ed/-ing forms where listed.
 */
final class BritishSpellings {

  /** British spelling to American spelling, every form listed explicitly. */
  static final Map<String, String> MAP = build();

  private BritishSpellings() {}

  private static Map<String, String> build() {
    Map<String, String> m = new HashMap<>();
    // -our -> -or, with plurals
    for (String stem :
        new String[] {
          "colour", "favour", "flavour", "honour", "humour", "labour", "neighbour", "rumour",
          "harbour", "vapour", "behaviour", "odour", "armour", "parlour", "savour", "endeavour"
        }) {
      String us = stem.replace("our", "or");
      m.put(stem, us);
      m.put(stem + "s", us + "s");
    }
    m.put("favourite", "favorite");
    m.put("favourites", "favorites");
    m.put("colourful", "colorful");
    m.put("honourable", "honorable");
    m.put("neighbourhood", "neighborhood");
    m.put("neighbourhoods", "neighborhoods");
    // -re -> -er
    for (String stem : new String[] {"centre", "theatre", "metre", "litre", "fibre", "calibre"}) {
      String us = stem.substring(0, stem.length() - 2) + "er";
      m.put(stem, us);
      m.put(stem + "s", us + "s");
    }
    // -ise -> -ize
    for (String stem :
        new String[] {"organis", "realis", "recognis", "apologis", "criticis", "emphasis"}) {
      String us = stem.substring(0, stem.length() - 1) + "z";
      for (String ending : new String[] {"e", "es", "ed", "ing"}) {
        m.put(stem + ending, us + ending);
      }
    }
    m.put("organisation", "organization");
    m.put("organisations", "organizations");
    // -yse -> -yze
    for (String ending : new String[] {"e", "es", "ed", "ing"}) {
      m.put("analys" + ending, "analyz" + ending);
      m.put("paralys" + ending, "paralyz" + ending);
    }
    // doubled l
    for (String stem : new String[] {"travel", "cancel", "model", "label", "level", "fuel"}) {
      m.put(stem + "led", stem + "ed");
      m.put(stem + "ling", stem + "ing");
    }
    m.put("traveller", "traveler");
    m.put("travellers", "travelers");
    // -ence -> -ense, and single words
    m.put("defence", "defense");
    m.put("offence", "offense");
    m.put("licence", "license");
    m.put("grey", "gray");
    m.put("greys", "grays");
    m.put("programme", "program");
    m.put("programmes", "programs");
    m.put("catalogue", "catalog");
    m.put("dialogue", "dialog");
    m.put("aluminium", "aluminum");
    m.put("jewellery", "jewelry");
    m.put("tyre", "tire");
    m.put("tyres", "tires");
    m.put("cheque", "check");
    m.put("cheques", "checks");
    m.put("mould", "mold");
    m.put("plough", "plow");
    m.put("pyjamas", "pajamas");
    m.put("sceptical", "skeptical");
    return Map.copyOf(m);
  }
}
