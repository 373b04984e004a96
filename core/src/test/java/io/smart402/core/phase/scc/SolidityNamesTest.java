package io.smart402.core.phase.scc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SolidityNamesTest {

    private final SolidityNames names = new SolidityNames(Set.of("oracle", "execute"));

    @Test
    void keepsPlainRoles() {
        assertThat(names.allocate("vendor", "party")).isEqualTo("vendor");
        assertThat(names.allocate("party_3", "party")).isEqualTo("party_3");
    }

    @Test
    void suffixesKeywordsTypesAndBuiltins() {
        assertThat(names.allocate("contract", "party")).isEqualTo("contract_");
        assertThat(names.allocate("uint256", "party")).isEqualTo("uint256_");
        assertThat(names.allocate("bytes32", "party")).isEqualTo("bytes32_");
        assertThat(names.allocate("ufixed128x18", "party")).isEqualTo("ufixed128x18_");
        assertThat(names.allocate("msg", "party")).isEqualTo("msg_");
        assertThat(names.allocate("this", "party")).isEqualTo("this_");
    }

    @Test
    void prefixesLeadingDigits() {
        assertThat(names.allocate("1st party", "party")).isEqualTo("p_1st_party");
    }

    @Test
    void foldsAccentsAndReplacesOtherCharacters() {
        assertThat(names.allocate("ñandú-émpresa", "party")).isEqualTo("nandu_empresa");
        assertThat(names.allocate("a  b--c", "party")).isEqualTo("a_b_c");
        assertThat(names.allocate("日本", "party")).isEqualTo("party");
        assertThat(names.allocate("___", "party")).isEqualTo("party_2");
    }

    @Test
    void numbersDuplicatesAndAvoidsFixedNames() {
        assertThat(names.allocate("a-b", "party")).isEqualTo("a_b");
        assertThat(names.allocate("a_b", "party")).isEqualTo("a_b_2");
        assertThat(names.allocate("a b", "party")).isEqualTo("a_b_3");
        assertThat(names.allocate("oracle", "party")).isEqualTo("oracle_2");
    }

    @Test
    void upperCasesConstantsUnderAPrefix() {
        assertThat(names.allocateConstant("COND_", "service_active", "1")).isEqualTo("COND_SERVICE_ACTIVE");
        assertThat(names.allocateConstant("COND_", "Service-Active", "2")).isEqualTo("COND_SERVICE_ACTIVE_2");
        assertThat(names.allocateConstant("COND_", "😀", "3")).isEqualTo("COND_3");
    }

    @Test
    void capsLength() {
        assertThat(names.allocate("x".repeat(500), "party")).hasSize(SolidityNames.MAX_LENGTH);
    }
}
