// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title AddressAliasHelper
/// @notice L1 contracts act on L2 under an alias, so that an L1 contract can never pass for the L2
/// contract that happens to share its address.
library AddressAliasHelper {
    uint160 internal constant OFFSET = uint160(0x1111000000000000000000000000000000001111);

    /// @notice `(l1Address + OFFSET) mod 2^160`.
    function applyL1ToL2Alias(address l1Address) internal pure returns (address l2Address) {
        unchecked {
            l2Address = address(uint160(l1Address) + OFFSET);
        }
    }

    /// @notice `(l2Address - OFFSET) mod 2^160`.
    function undoL1ToL2Alias(address l2Address) internal pure returns (address l1Address) {
        unchecked {
            l1Address = address(uint160(l2Address) - OFFSET);
        }
    }
}
