import { readSystemArtifact } from "../../artifacts.js";

/** The compiled L2ToL2CrossDomainMessenger predeploy. */
export const messengerArtifact = () =>
  readSystemArtifact(
    "op/L2ToL2CrossDomainMessenger.sol",
    "L2ToL2CrossDomainMessenger",
  );

/** The compiled CrossL2Inbox predeploy. */
export const inboxArtifact = () =>
  readSystemArtifact("op/CrossL2Inbox.sol", "CrossL2Inbox");

/** The compiled SuperchainTokenBridge predeploy. */
export const tokenBridgeArtifact = () =>
  readSystemArtifact("op/SuperchainTokenBridge.sol", "SuperchainTokenBridge");

/** The compiled SuperchainETHBridge predeploy. */
export const ethBridgeArtifact = () =>
  readSystemArtifact("op/SuperchainETHBridge.sol", "SuperchainETHBridge");

/** The compiled ETHLiquidity predeploy. */
export const ethLiquidityArtifact = () =>
  readSystemArtifact("op/ETHLiquidity.sol", "ETHLiquidity");

/** The compiled supersim test token. */
export const supersimTokenArtifact = () =>
  readSystemArtifact(
    "op/L2NativeSuperchainERC20.sol",
    "L2NativeSuperchainERC20",
  );
