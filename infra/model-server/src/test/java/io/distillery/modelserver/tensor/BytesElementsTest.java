package io.distillery.modelserver.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.modelserver.ServingException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BytesElementsTest {

  @Property
  void shouldSplitWhatItJoined(@ForAll List<byte[]> elements) {
    assertThat(BytesElements.split(BytesElements.join(elements)))
        .containsExactlyElementsOf(elements);
  }

  @Test
  void shouldUseLittleEndianLengthPrefixes() {
    assertThat(BytesElements.join(List.of(new byte[] {'h', 'i'})))
        .containsExactly(2, 0, 0, 0, 'h', 'i');
  }

  @Test
  void shouldRejectATruncatedElement() {
    assertThatThrownBy(() -> BytesElements.split(new byte[] {5, 0, 0, 0, 'h'}))
        .isInstanceOf(ServingException.class)
        .hasMessageContaining("exceeds");
  }
}
