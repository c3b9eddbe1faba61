package io.distillery.kserve.tensor;

import static io.distillery.schemas.kserve.config.DataType.TYPE_BF16;
import static io.distillery.schemas.kserve.config.DataType.TYPE_FP16;
import static io.distillery.schemas.kserve.config.DataType.TYPE_INVALID;
import static io.distillery.schemas.kserve.config.DataType.TYPE_STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

  @Property
  void shouldRoundTripFp32Exactly(@ForAll float[] values) {
    byte[] raw = TensorCodec.encodeFloats(DataType.FP32, values);
    assertThat(raw).hasSize(values.length * 4);
    float[] back = TensorCodec.decodeFloats(DataType.FP32, raw);
    for (int i = 0; i < values.length; i++) {
      assertThat(Float.floatToIntBits(back[i])).isEqualTo(Float.floatToIntBits(values[i]));
    }
  }

  @Property
  void shouldRoundTripEveryFp16BitPattern(@ForAll short bits) {
    assertRoundTrip(bits, HalfFloats::fromFp16, HalfFloats::toFp16);
  }

  @Property
  void shouldRoundFloatsToNearestFp16(@ForAll("finiteFloats") float value) {
    float back = HalfFloats.fromFp16(HalfFloats.toFp16(value));
    if (Math.abs(value) < 65504f) {
      // binary16 has 11 significant bits: relative error at most 2^-11, absolute at most 2^-25
      assertThat((double) Math.abs(back - value))
          .isLessThanOrEqualTo(Math.max(Math.abs(value) * 0x1p-11, 0x1p-25));
    }
  }

  @Property
  void shouldRoundTripEveryBf16BitPattern(@ForAll short bits) {
    assertRoundTrip(bits, HalfFloats::fromBf16, HalfFloats::toBf16);
  }

  @Property
  void shouldRoundTripRepresentableValuesThroughHalfTensors(
      @ForAll @Size(max = 50) List<@From("finiteFloats") Float> list) {
    float[] bf = new float[list.size()];
    float[] fp = new float[list.size()];
    for (int i = 0; i < bf.length; i++) {
      bf[i] = HalfFloats.fromBf16(HalfFloats.toBf16(list.get(i)));
      fp[i] = HalfFloats.fromFp16(HalfFloats.toFp16(list.get(i)));
    }
    Tensor bf16 = Tensor.ofFloats("x", DataType.BF16, Shape.of(bf.length), bf);
    Tensor fp16 = Tensor.ofFloats("y", DataType.FP16, Shape.of(1, fp.length), fp);
    assertThat(bf16.raw()).hasSize(bf.length * 2);
    assertThat(bf16.floats()).containsExactly(bf);
    assertThat(fp16.floats()).containsExactly(fp);
  }

  @Property
  void shouldRoundTripSignedIntegersOfEveryWidth(
      @ForAll long[] values, @ForAll("signed") DataType type) {
    int shift = 64 - type.size() * 8;
    assertLongsRoundTrip(type, values, v -> shift == 0 ? v : (v << shift) >> shift);
  }

  @Property
  void shouldRoundTripUnsignedIntegersOfEveryWidth(
      @ForAll long[] values, @ForAll("unsigned") DataType type) {
    int shift = 64 - type.size() * 8;
    assertLongsRoundTrip(type, values, v -> shift == 0 ? v : v >>> shift);
  }

  @Property
  void shouldRoundTripBooleans(@ForAll boolean[] values) {
    Tensor t = Tensor.ofBooleans("b", Shape.of(values.length), values);
    assertThat(t.booleans()).containsExactly(values);
  }

  @Property
  void shouldRoundTripBytesElements(@ForAll @Size(max = 20) List<@Size(max = 40) byte[]> elements) {
    Tensor t = Tensor.ofBytes("s", Shape.of(elements.size()), elements);
    List<byte[]> back = t.byteElements();
    assertThat(back).hasSize(elements.size());
    for (int i = 0; i < back.size(); i++) {
      assertThat(back.get(i)).containsExactly(elements.get(i));
    }
    int payload = elements.stream().mapToInt(e -> e.length).sum();
    assertThat(t.raw()).hasSize(payload + 4 * elements.size());
  }

  @Test
  void shouldWriteLittleEndianRawBytes() {
    assertThat(TensorCodec.encodeFloats(DataType.FP32, new float[] {1.0f}))
        .containsExactly(0x00, 0x00, (byte) 0x80, 0x3F);
    assertThat(TensorCodec.encodeLongs(DataType.INT32, new long[] {0x01020304}))
        .containsExactly(0x04, 0x03, 0x02, 0x01);
    assertThat(TensorCodec.encodeBytes(List.of("hi".getBytes(StandardCharsets.US_ASCII))))
        .containsExactly(0x02, 0x00, 0x00, 0x00, 'h', 'i');
    assertThat(TensorCodec.encodeFloats(DataType.FP16, new float[] {1.0f}))
        .containsExactly(0x00, 0x3C);
    assertThat(TensorCodec.encodeFloats(DataType.BF16, new float[] {1.0f}))
        .containsExactly(0x80, 0x3F);
  }

  @Test
  void shouldRejectRawContentsThatDoNotFitTheShape() {
    byte[] tooShort = new byte[4 * 5];
    assertThatThrownBy(() -> new Tensor("x", DataType.FP32, Shape.of(2, 3), tooShort))
        .isInstanceOf(TensorException.class)
        .hasMessageContaining("needs 6 elements")
        .extracting(e -> ((TensorException) e).errorType())
        .isEqualTo("wrong-shape");
    assertThatThrownBy(() -> new Tensor("x", DataType.FP32, Shape.of(1), new byte[3]))
        .isInstanceOf(TensorException.class);
  }

  @Test
  void shouldRejectTruncatedBytesElement() {
    byte[] raw = {0x05, 0x00, 0x00, 0x00, 'a', 'b'};
    assertThatThrownBy(() -> TensorCodec.decodeBytes(raw))
        .isInstanceOf(TensorException.class)
        .hasMessageContaining("claims 5 bytes");
    assertThatThrownBy(() -> TensorCodec.decodeBytes(new byte[] {1, 0}))
        .hasMessageContaining("inside a length prefix");
  }

  @Test
  void shouldRejectOutOfRangeValuesAndWrongDeclarations() {
    assertThatThrownBy(() -> TensorCodec.encodeLongs(DataType.UINT8, new long[] {256}))
        .hasMessageContaining("does not fit UINT8");
    assertThatThrownBy(() -> TensorCodec.decodeBooleans(new byte[] {2}))
        .isInstanceOf(TensorException.class);
    Tensor t = Tensor.ofFloats("x", DataType.FP32, Shape.of(1, 10), new float[10]);
    assertThat(t.expect(DataType.FP32, Shape.of(-1, 10))).isSameAs(t);
    assertThatThrownBy(() -> t.expect(DataType.FP32, Shape.of(-1, 9)))
        .hasMessageContaining("expected [-1, 9]");
    assertThatThrownBy(() -> t.expect(DataType.FP16, Shape.of(-1, 10)))
        .hasMessageContaining("expected FP16");
  }

  @Test
  void shouldParseWireAndConfigDatatypeNames() {
    assertThat(DataType.fromWire("FP32")).isEqualTo(DataType.FP32);
    assertThat(DataType.fromWire("bytes")).isEqualTo(DataType.BYTES);
    assertThatThrownBy(() -> DataType.fromWire("FP8")).isInstanceOf(TensorException.class);
    assertThatThrownBy(() -> DataType.fromWire("TYPE_FP32")).isInstanceOf(TensorException.class);
    assertThat(DataType.fromConfig(TYPE_FP16)).isEqualTo(DataType.FP16);
    assertThat(DataType.fromConfig(TYPE_STRING)).isEqualTo(DataType.BYTES);
    assertThatThrownBy(() -> DataType.fromConfig(TYPE_INVALID)).isInstanceOf(TensorException.class);
  }

  @Test
  void shouldMapEveryDatatypeToItsConfigTypeAndBack() {
    for (DataType type : DataType.values()) {
      assertThat(DataType.fromConfig(type.toConfig())).isEqualTo(type);
    }
    assertThat(DataType.BYTES.toConfig()).isEqualTo(TYPE_STRING);
    assertThat(DataType.BF16.toConfig()).isEqualTo(TYPE_BF16);
  }

  @Test
  void shouldTakeTheBatchSizeFromTheLeadingDimension() {
    assertThat(Tensor.ofFloats("x", DataType.FP32, Shape.of(3, 2), new float[6]).batchSize())
        .isEqualTo(3);
    assertThat(Tensor.ofFloats("x", DataType.FP32, Shape.of(), new float[1]).batchSize())
        .isEqualTo(1);
  }

  @Provide
  Arbitrary<Float> finiteFloats() {
    return Arbitraries.floats().between(-1e6f, 1e6f).ofScale(6);
  }

  @Provide
  Arbitrary<DataType> signed() {
    return Arbitraries.of(DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64);
  }

  @Provide
  Arbitrary<DataType> unsigned() {
    return Arbitraries.of(DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.UINT64);
  }

  /** {@code values}, fitted into {@code type}, come back from a tensor of that type. */
  private static void assertLongsRoundTrip(DataType type, long[] values, LongUnaryOperator fit) {
    long[] fitted = Arrays.stream(values).map(fit).toArray();
    Tensor t = Tensor.ofLongs("x", type, Shape.of(fitted.length), fitted);
    assertThat(t.raw()).hasSize(fitted.length * type.size());
    assertThat(t.longs()).containsExactly(fitted);
  }

  /** A half-precision format: its bits to a float and back. */
  private interface Decode {
    float apply(short bits);
  }

  private interface Encode {
    short apply(float value);
  }

  /** {@code bits} come back from their float unchanged, or as another NaN where they are NaN. */
  private static void assertRoundTrip(short bits, Decode decode, Encode encode) {
    float value = decode.apply(bits);
    short again = encode.apply(value);
    if (Float.isNaN(value)) {
      assertThat(Float.isNaN(decode.apply(again))).isTrue();
    } else {
      assertThat(again).isEqualTo(bits);
    }
  }
}
