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
