"""HELP: the syntax index proxyapi prints about itself (``reqtype=HELP``).

Modelled on the index MiRTA systems print (a reseller's copy is quoted in the vendor
reference, section B.1/B.3): a parameter list, then one block per request type. Each block
here is the ``help`` of its entry in ``REQTYPES`` (``routes.py``), and HELP prints the table's
blocks in its order, so a reqtype cannot be served without its block. The mock prints it
whatever ``format`` says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# ruff: noqa: E501

PREAMBLE = """\
Parameters:
  reqtype - Request type
  tenant  - Sometime optional if the Admin API key is used, otherwise provide the tenant code
  key     - Use the Admin API key or the Tenant API key
  format  - Optional, can be json or plain
  callback - Optional, for cross domain script, the function to use as callback (requires format json)
  language - Optional, when supported, provide a translation of the data
  cache    - set to no to not use the cache for SQL and AMI interface

Request type (reqtype):
"""


@dataclass(frozen=True, slots=True)
class Help:
    """One reqtype's block: ``NAME - summary`` then its parameter lines.

    ``column`` is where the dash sits: the first blocks of MiRTA's index align it at 11, the
    later ones at 13; a longer name pushes it one space past the name.
    """

    text: str
    column: int = 13

    def block(self, name: str) -> str:
        return (name + " ").ljust(self.column) + "- " + self.text


def help_text(entries: Iterable[tuple[str, Help]]) -> str:
    """The whole HELP answer: the parameter list, then each reqtype's block in table order."""
    return PREAMBLE + "".join(entry.block(name) for name, entry in entries)


# -- one block per reqtype, named after it; routes.REQTYPES lists them in the order HELP prints --

COUNTPEERS = Help("""\
Return the number of peers on each node and the total
           - Additional parameters:
             tenant - optional if using the Admin API key,
                      returns only peers from the selected tenant
""", column=11)
COUNTCHANNELS = Help("""\
Return the number of channels (total or on each node)
           - Additional parameters:
             nodename - optional, if you want only that node counted
             tenant - optional if using the Admin API key,
                      returns only channels from the selected tenant
""")
CHANSIPPEERS = Help("""\
Show the peers registered on all nodes of the network
           - Additional parameters:
             tenant - optional if using the Admin API key,
                      returns only peers from the selected tenant
""")
PEERS = Help('Same as CHANSIPPEERS\n', column=11)
BLFS = Help("""\
Get the BLF status, peers and flows
             tenant - the tenant to report
""", column=11)
FLOWS = Help("""\
Show the flow status
             tenant - the tenant to report
""", column=11)
CHANNEL = Help("""\
Show the channel details for the selected tenant
             Additional parameters:
             channel - the channel to show info
""", column=11)
CHANNELS = Help("""\
Show the channels for the selected tenant
             Additional parameters:
             tenant - optional, show channels for the tenant
             nodename - optional, show only channels on that node
""", column=11)
GETCURRENTCALLS = Help("""\
Show current running calls
             Additional parameters:
             phone - the extension number to get
             tenant - the tenant of the extension
             multiple - optional, set to yes if you want to receive multiple channels
""")
PHONEBOOKS = Help('List the phone books of the tenant\n', column=11)
PHONEBOOK = Help("""\
Manage phone books:
             Additional parameters:
             tenant - select the tenant
             phonebook - select the phone book by name
             subreqtype - select the sub request type:
                    query - perform a query
                        field - name of the field
                        value - value to search for (use % for partial searches)
                    add - add a record
                        values - a json encoded associative array with name of the fields and values
                    delete - delete a record
                        peid - peid value returned by search
                    cleanall - delete all the records in the phonebook
""", column=11)
DND = Help("""\
Get or set the do not disturb status of an extension
             Additional parameters:
             number - extension number
             action - get or set
             value - on to enable, off to disable (set only)
""", column=11)
INFO = Help("""\
Get info about system
             Additional parameters:
             info - type of info:
                    queues (list of queues)
                    queue (info about the queue based on id)
                    agents (info about the agents in all or selected queue)
                    agentsconnected (info about the agents in all or selected queue, but only if currently connected)
                    agentsdelay (info about the agents delay in answering in all or selected queue)
                    outdialed (info about the calls dialed out by extensions)
                    call (info about the call originated with the api using the returned id or unique id)
                    inforecording (get the metadata associated to the recording for the call, you can use the unique id or the originated id)
                    recording (get the recording for the call, you can use the unique id or the originated id)
                    playrecording (play the recording for the call, you can use the unique id or the originated id)
                    voicemail (get the voicemail message for the call, you can use the id of the voicemail_messages table)
                    voicemailtranscript (get the voicemail message transcript for the call, you can use the id of the voicemail_messages table)
                    transcript (get the transcript for a recording, you can use the unique id)
                    dids (list of dids)
                    extensions (list of extensions, including state)
                    extstate (get the state of the extensions, including the number speaking with)
                    config (get info about configured tenant)
                    cdrs (get the list of calls, you can use wildcard % for the tenant code)
                         Further parameters available: id, uniqueid, linkedid, src, firstdst, direction, phone, format(csv,xml), template
                         Phone is a special parameter filtering for whoanswered, calleridnum and dialednum
                         You can filter for multiple parameter values using a comma separator
                    simplecdrs (get the list of calls using the simple call history source, you can use wildcard % for the tenant code)
                         Further parameters available: id,uniqueid,calleridnum,calleridname,disposition,direction,whoanswered,phone,format(csv,json)
                         Phone is a special parameter filtering for whoanswered, calleridnum and dialednum
                         You can filter for multiple parameter values using a comma separator
                    queuelogs (get the list of calls processed by queue)
                    ivrlogs (get the list of actions on the ivr)
                    balance (get the credit available)
                    flow (get the flow status)
                    variable (get the custom variable value)
             id - optional, id of object requested
             queue - optional, id of queue requested for agents info or queue logs
             start - optional, start date/time of the cdrs or queue logs returned
             end   - optional, end date/time of the cdrs or queue logs returned
""", column=11)
AGENT = Help("""\
Manipulate queue agent status
               Additional parameters:
               tenant - name of the tenant
               extension - agent username or extension number
               queue - queue id
               action - action to perform (pause, unpause)
               pausereason - optional, pause reason to set
""")
ATXTRANSFER = Help("""\
Attend transfer a channel
               Additional parameters:
               tenant - optional, tenant for the channel to transfer
               channel - channel to transfer
               dest - number to transfer the channel to
""")
CAMPAIGN = Help("""\
Manage call campaign
               Additional parameters:
               campaign - id for campaign, you need to get it on the URL for the editing campaign
               tenant - optional, tenant for the campaign
               action - action can be start, stop, pause, resume, addnumber, delnumber. Start and stop can affect only on-demand campaign
               number - optional, the number to call when using the addnumber action
               numberdescription - option, the number description when using the addnumber action
""")
DIAL = Help("""\
Dial a number and connect to another number
               Additional parameters:
               tenant - tenant where to place the call
               source|?exten - first number to dial - use ACCOUNT to use the number associated with the account chosen
               dest|phone - number to connect
               var - variables to set, will be prefixed tenant code
               account - account name to simulate the call from - use SOURCE to use the account associated with the source number choosen
               dialtimeout - dial timeout in seconds
               timeout - max duration for the call in seconds
               sourceclid - use this clid for dialing source number
               destclid - use this clid for dialing dest number
               recording - set the recording for the call, use: yes, no, yeschange or nochange)
               server - you can ask to use a specific server to dial
               autoanswer - you can require the source phone to auto answer setting this parameter to 'yes'
               nofollow - you can require the source phone to not follow on additional destinations setting this parameter to 'yes'
""")
FAX = Help("""\
Manage Faxes
               Additional parameters:
               action - Available actions
                        send - send a fax
                        list - list the faxes
                        download - download a fax
               source_number - The number to send the fax from
               dest_number - The number to send the fax to
               quality - Optional fax quality ('204x98', '204x196' or '204x392'
               pagesize - Optional page size ('a4', 'letter' or 'legal'
               rotate - Optional rotation (empty for automatic, 'E' or 'W' for East/West rotation or 'no' for no rotation)
               deleteaftersend - Optional, set to 'on' to delete the fax once sent
               schedule - Optional, set the date/time for sending the fax
               statusemail - Optional, set the email to send status updates
               filename - The PDF for the fax to be sent
               id - The fax to download
""")
HANGUP = Help("""\
Hangup a channel
               Additional parameters:
               tenant - optional, tenant for the channel to hangup
               channel - channel to hangup
               extension - optional, extension to hangup
""")
MEDIAFILE = Help("""\
Manage media files
               Additional parameters:
               action - Available actions
                        getaudio - Download the audio
               tenant - tenant to get audio from
               objectid - media id
""")
QUEUE = Help("""\
Manage queue agents
               tenant - tenant for the queue
               number - queue number (alternatively use id). You can use NONE when applicable
               id     - queue id (alternatively use number)
               uniqid - optional, use this as unique id for the log record
               extension - optional, number or extension username to add or delete. You can use NONE when applicable
               action - Available actions
                        list  - List queue agents
                        add   - add an agent to the queue
                        del   - del an agent from the queue
                        clean - del all agents from the queue
                        log   - create a custom log entry in the queue_log table
               order  - optional, numeric order of the agent in the agent list
               type   - optional, agent type (NF - Not Following, AD - Additional Destinations, NFR - Not Following with Ring, ADR - Additional Destinations with Ring)
               paused - optional, add the agent already paused
               penalty - optional, penalty of the agent
               event  - optional, custom log event to generate
               data[1-5] - data1... data5 to populate custom log event (optional)
""")
QUEUERESET = Help("""\
Reset statistics for a queue
               Additional parameters:
               tenant - optional, tenant for the queue
               queueid - queue id to reset
""")
REBOOT = Help("""\
Reboot one or multiple peers
               Additional parameters:
               peer - peername to reboot or ALL for all peers
               tenant - optional, tenant for the peer to reboot
""")
RESPONSEPATH = Help("""\
Get info from response path object
               tenant - tenant for the response path to query
               id - response path id
               rrid - response path response id or response path uniqueid
               filter - optional available filters
                        queue - Apply filter on queue id
                        answer - Apply filter on answer extension
                        uniqueid - Apply filter on unique id
               filterdata - optional, the value to filter on
               action - Available actions
                        list - List all available responses
                        getid - Get the details from the specified response path rrid
                        getlast - Get the details from the latest one
""")
SETFLOW = Help("""\
Set Flow status or variable
               Additional parameters:
               number - flow number
               state - optional state (INUSE, NOT_INUSE, UNAVAILABLE, RINGING)
               value - optional value
               tenant - optional, tenant for the flow to set
""")
SMS = Help("""\
Send an SMS
               Additional parameters:
               tenant - tenant where to place the call
               source|?exten - the sender number - use ACCOUNT to use the number associated with the account chosen
               dest - number to send the SMS to
               account - account name to simulate the SMS from - use SOURCE to use the account associated with the source number chosen
               destclid - use this clid for sending the SMS to the dest number
               server - you can ask to use a specific server to dial
               message - the message to be sent
""")
TRANSFER = Help("""\
Transfer a channel
               Additional parameters:
               tenant - optional, tenant for the channel to transfer
               channel - channel to transfer
               extrachannel - extra channel to transfer (optional)
               dest - number to transfer the channel to
""")
UNREGISTER = Help("""\
Unregister one or multiple peers
               Additional parameters:
               peer - peername to unregister or ALL for all peers
               tenant - optional, tenant for the peer to unregister
""")
USERGROUP = Help('Get the user groups of the tenant\n')
VIRTUALEXT = Help("""\
Manage virtual extensions
               tenant - tenant for the virtual extension
               number - virtual extension number
               extension - optional, number or extension username to add or delete
               action - Available actions
                        list - List extensions joined under the virtual extension
                        add   - add an extension to the virtual extension
                        del   - del an extension from the virtual extension
                        clean - del all extensions from the virtual extension
""")
VOICEMAIL = Help("""\
Get info about voicemails
               tenant - optional, tenant for the voicemails
               mailbox - optional, show info about a specific mailbox
               msgid - optional, message id
               action - Available actions
                        list - List available voicemails
                        messages - List messages for mailbox specified
                        message - Get the message binary for msgid specified
                        markread - Mark the message for msgid specified as read
                        markunread - Mark the message for msgid specified as unread
                        delete - Delete the message for msgid specified
""")
SETTING = Help("""\
Get or set a system setting
               action - GET or SET
               code - setting code (e.g. VMAUTORECOVER)
               value - value to set
""")
COUNTCALLS = Help('Count the number of calls running\n')
LICENSEDAYS = Help('Return the number of days left on the license\n')
BALANCE = Help('Return the credit available\n')
CDR = Help("""\
Get or update a field of a call detail record
               action - GET or UPDATE
               field - field to get or update (userfield)
               uniqueid - unique id of the call
               value - value to set (UPDATE only)
""")
MANAGEDB = Help("""\
Manage the database objects (requires the Admin API key)
               object - object to manage (CUSTOMTYPES, CUSTOM, EXTENSION, DID, TENANT, QUEUE, VOICEMAIL, MEDIAFILE, IVR, CONDITION, HUNTLIST, DESTINATION, PHONEBOOK, PROVIDER, ROUTINGPROFILE, ROUTE, PHONE, PHONEPHONEBOOK, CONFERENCE)
               action - action to perform (list, get, add, update, delete, ...)
               objectid - id of the object for get, update and delete
               jsondata - POST field, a json encoded associative array with the fields to set
""")
CHECKAUTH = Help("""\
Check the credentials of a user
               user - the username
               password - the password
               token - optional, a token from AUTHTOKEN to use instead of user and password
""")
AUTHTOKEN = Help("""\
Generate or reset an authentication token
               action - generate or reset
               validity - ONCE or the validity of the token (seconds)
               user - the user for the token
""")
GETWEBRTCAUTH = Help("""\
Get the WebRTC credentials of an extension
               user - the username of a user with an extension
               password - the password
               token - optional, a token from AUTHTOKEN to use instead of user and password
""")
HELP = Help('Show this help\n')
