// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StarknetConstants} from "./StarknetConstants.sol";

/// @title StarknetFelt
/// @notice Range checks for field elements, the only values StarkNet's L2 can hold.
library StarknetFelt {
    /// @dev Whether `value` is a felt (`< FIELD_PRIME`).
    function isFelt(uint256 value) internal pure returns (bool) {
        return value < StarknetConstants.FIELD_PRIME;
    }

    /// @dev Whether every word of `values` is a felt.
    function allFelts(uint256[] calldata values) internal pure returns (bool) {
        uint256 length = values.length;
        for (uint256 i = 0; i < length; ++i) {
            if (values[i] >= StarknetConstants.FIELD_PRIME) return false;
        }
        return true;
    }
}
