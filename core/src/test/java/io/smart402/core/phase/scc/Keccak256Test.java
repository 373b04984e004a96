package io.smart402.core.phase.scc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Keccak256Test {

    @Test
    void hashesTheEmptyStringToTheKnownVector() {
        assertThat(Keccak256.hex("")).isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    }

    @Test
    void isNotSha3() {
        // FIPS-202 SHA3-256("") differs; a mix-up would silently produce wrong selectors.
        assertThat(Keccak256.hex("")).isNotEqualTo("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    }

    @Test
    void computesErc20Selectors() {
        assertThat(Keccak256.selector("transfer(address,uint256)")).isEqualTo("0xa9059cbb");
        assertThat(Keccak256.selector("balanceOf(address)")).isEqualTo("0x70a08231");
    }

    @Test
    void computesTheErc20TransferTopic() {
        assertThat(Keccak256.hex("Transfer(address,address,uint256)"))
                .isEqualTo("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    }

    @Test
    void checksumsAddressesAsEip55Specifies() {
        // Test vectors from EIP-55.
        for (String address : new String[] {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
                "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
            assertThat(Eip55.checksum(address.toLowerCase())).isEqualTo(address);
            assertThat(Eip55.checksum(address.toUpperCase().replace("0X", "0x"))).isEqualTo(address);
        }
    }
}
