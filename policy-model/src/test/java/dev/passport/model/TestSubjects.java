package dev.passport.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class TestSubjects {
  private static boolean readsAttribute(Subject subject) {
    return Subjects.anyMatch(subject, node -> node.kind() == SubjectKind.ATTRIBUTE_EQUALS);
  }

  @Test
  void anyMatchLooksThroughEveryCompositeAndTheRoot() {
    Subject attribute = Subjects.attributeEquals("tier", "gold");

    assertThat(readsAttribute(attribute)).isTrue();
    assertThat(readsAttribute(Subjects.anyOf(Subjects.hasRole("a"), attribute))).isTrue();
    assertThat(readsAttribute(new Subject.AllOf(List.of(Subjects.isUser("u"), attribute))))
        .isTrue();
    assertThat(
            readsAttribute(
                new Subject.Not(new Subject.AnyOf(List.of(attribute, Subjects.inGroup("g"))))))
        .isTrue();
    assertThat(readsAttribute(Subjects.anyOf(Subjects.hasRole("a"), Subjects.inGroup("g"))))
        .isFalse();
    assertThat(readsAttribute(Subjects.everyone())).isFalse();
  }
}
