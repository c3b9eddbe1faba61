package io.distillery.labeler.binding;

/**
 * A role with its argument: {@code constant:4}, {@code pixels:imagenet}, or a role alone.
 *
 * @param role the role
 * @param argument what follows the first {@code :}, empty when nothing does
 */
public record TensorRole(Role role, String argument) {

  /** Validates at once. */
  public TensorRole {
    argument = argument == null ? "" : argument;
    if (role == Role.CONSTANT && argument.isEmpty()) {
      throw new IllegalArgumentException("A constant needs its value: constant:<value>");
    }
  }

  /** The role without an argument. */
  public static TensorRole of(Role role) {
    return new TensorRole(role, "");
  }

  /** Parses {@code ROLE[:ARGUMENT]}. */
  public static TensorRole parse(String text) {
    int colon = text.indexOf(':');
    String name = colon < 0 ? text.trim() : text.substring(0, colon).trim();
    return new TensorRole(Role.named(name), colon < 0 ? "" : text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return argument.isEmpty() ? role.text() : role.text() + ":" + argument;
  }
}
