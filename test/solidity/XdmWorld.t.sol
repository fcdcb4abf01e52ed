// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { IScrollMessenger } from "../../contracts/interfaces/IScrollMessenger.sol";
import { Xdm } from "../../contracts/testing/Xdm.sol";
import { XdmScroll } from "../../contracts/testing/XdmScroll.sol";
import { XdmWorld } from "../../contracts/testing/XdmWorld.sol";

/// @dev Calls the library from outside the test, so a revert can be caught with try/catch.
contract XdmCaller {
    function select(string memory name) external {
        Xdm.select(name);
    }

    function selectId(uint256 id) external {
        Xdm.select(id);
    }
}

contract XdmWorldTest {
    function test_each_chain_runs_with_its_own_chain_id() public {
        string[5] memory names = ["l1", "opA", "opB", "scroll", "starknet"];
        for (uint256 i = 0; i < names.length; i++) {
            Xdm.select(names[i]);
            require(block.chainid == Xdm.chainId(names[i]), "block.chainid is the chain's");
            require(Predeployed.code(names[i]), "the chain's system contracts are there");
        }
    }

    function test_the_one_clock_moves_every_chain() public {
        Xdm.select("opA");
        uint256 start = block.timestamp;
        Xdm.warp(3 days);
        require(block.timestamp == start + 3 days, "the selected chain moved");
        Xdm.select("starknet");
        require(block.timestamp == start + 3 days, "a chain selected later is at the same time");
        Xdm.select("l1");
        require(block.timestamp == Xdm.time(), "and the L1");
    }

    function test_an_unknown_chain_name_is_refused() public {
        XdmCaller caller = new XdmCaller();
        try caller.select("opC") {
            revert("selected a chain the world does not have");
        } catch (bytes memory reason) {
            require(keccak256(reason) == keccak256(abi.encodeWithSelector(XdmWorld.XdmUnknownChain.selector, "opC")), "XdmUnknownChain");
        }
    }

    function test_an_unknown_chain_id_is_refused() public {
        XdmCaller caller = new XdmCaller();
        try caller.selectId(1) {
            revert("selected a chain id the world does not have");
        } catch (bytes memory reason) {
            require(keccak256(reason) == keccak256(abi.encodeWithSelector(XdmWorld.XdmUnknownChainId.selector, 1)), "XdmUnknownChainId");
        }
    }

    function test_a_scroll_claim_before_finalization_is_refused() public {
        Xdm.select("scroll");
        IScrollMessenger(Xdm.contractAddress("scroll", "L2ScrollMessenger")).sendMessage(address(this), 0, "", 0);
        (, uint256 nonce, , ) = abi.decode(Xdm.message(0).data, (uint256, uint256, uint256, bytes));
        try this.claim(nonce) {
            revert("a claim before the batch is finalized");
        } catch (bytes memory reason) {
            require(bytes4(reason) == XdmScroll.XdmScrollNotFinalized.selector, "XdmScrollNotFinalized");
        }
    }

    function claim(uint256 nonce) external {
        Xdm.scrollClaim("scroll", nonce);
    }
}

library Predeployed {
    /// @dev Whether chain `name` (selected) carries its model's messenger, or StarknetCore for the L1.
    function code(string memory name) internal view returns (bool) {
        if (keccak256(bytes(name)) == keccak256("l1")) {
            return Xdm.l1ContractAddress("starknet", "StarknetCore").code.length > 0;
        }
        if (keccak256(bytes(name)) == keccak256("scroll")) {
            return Xdm.contractAddress("scroll", "L2ScrollMessenger").code.length > 0;
        }
        if (keccak256(bytes(name)) == keccak256("starknet")) {
            return Xdm.contractAddress("starknet", "StarknetL2Messaging").code.length > 0;
        }
        return address(0x4200000000000000000000000000000000000023).code.length > 0;
    }
}
